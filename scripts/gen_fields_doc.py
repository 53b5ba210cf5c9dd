#!/usr/bin/env python3
"""Write docs/fields.md from the proposal model and rules/*.yaml.

Run it after changing the model, a field description or a rule file:

    .venv/bin/python scripts/gen_fields_doc.py          # rewrite the file
    .venv/bin/python scripts/gen_fields_doc.py --check  # exit 1 if it is stale

tests/test_fields_and_template.py fails while the committed file differs from the
generated text.
"""

from __future__ import annotations

import sys
from pathlib import Path

from qa_checker.fields_doc import fields_markdown

TARGET = Path(__file__).resolve().parent.parent / "docs" / "fields.md"


def main(argv: list[str]) -> int:
    text = fields_markdown()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date; run scripts/gen_fields_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
