#!/usr/bin/env python3
"""Write docs/fields.md from the proposal model and rules/*.yaml.

Run it after changing the model, a field description or a rule file:

    .venv/bin/python scripts/gen_fields_doc.py          # rewrite the file
    .venv/bin/python scripts/gen_fields_doc.py --check  # exit 1 if it is stale
    .venv/bin/python scripts/gen_fields_doc.py --lang fr  # the French edition: docs/fr/fields.md

tests/test_fields_and_template.py fails while the committed file differs from the
generated text.
"""

from __future__ import annotations

import sys
from pathlib import Path

from qa_checker.fields_doc import fields_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def main(argv: list[str]) -> int:
    from qa_checker import i18n

    lang = argv[argv.index("--lang") + 1] if "--lang" in argv[:-1] else i18n.DEFAULT_LANG
    if lang not in i18n.LANGUAGES:
        print(f"--lang: one of {', '.join(i18n.LANGUAGES)}", file=sys.stderr)
        return 2
    # English is docs/fields.md; another language docs/<lang>/fields.md, with rule and
    # framework texts from their overlays (rules/i18n/<lang>/, frameworks/i18n/<lang>/).
    TARGET = DOCS / "fields.md" if lang == i18n.DEFAULT_LANG else DOCS / lang / "fields.md"
    with i18n.with_lang(lang):
        text = fields_markdown()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(
                f"{TARGET} is out of date; run scripts/gen_fields_doc.py" + (f" --lang {lang}" if lang != "en" else ""),
                file=sys.stderr,
            )
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
