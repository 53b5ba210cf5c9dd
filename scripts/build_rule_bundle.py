#!/usr/bin/env python3
"""Build src/qa_checker/bundle/catalogue.<lang>.json from the shipped rules and frameworks.

A check reads the shipped catalogue from this bundle (``qa_checker.rulebundle``) instead
of parsing and checking every rule file on each run. Run it after changing a rule or
framework file, a translation overlay, or the loading code:

    .venv/bin/python scripts/build_rule_bundle.py          # rewrite the bundles
    .venv/bin/python scripts/build_rule_bundle.py --check  # exit 1 if one is stale

A stale bundle is never used (the catalogue then loads from the files, more slowly),
and tests/test_rulebundle.py fails until it is rebuilt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from qa_checker import i18n, rulebundle
from qa_checker.rulesets import _folders, _from_files

TARGET = Path(__file__).resolve().parent.parent / "src" / "qa_checker" / "bundle"


def text_for(lang: str) -> str:
    """The bundle's text, built from the files (every load check runs)."""
    return rulebundle.build(_from_files(_folders(()), {}, lang), lang)


def main(argv: list[str]) -> int:
    stale = []
    for lang in i18n.LANGUAGES:
        path = TARGET / f"catalogue.{lang}.json"
        text = text_for(lang)
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    for path in stale:
        print(f"{path} is out of date; run scripts/build_rule_bundle.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
