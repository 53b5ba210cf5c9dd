#!/usr/bin/env python3
"""Write src/qa_checker/schemas/core/proposal.json from the proposal model.

The lean validator of ``qa_checker.coreschema`` validates proposals with this stored
core schema instead of building the pydantic models at every start. Run it after any
change to ``qa_checker/model.py``:

    .venv/bin/python scripts/gen_core_schema.py          # rewrite the file
    .venv/bin/python scripts/gen_core_schema.py --check  # exit 1 if it is stale

tests/test_coreschema.py fails while the committed file differs from the model.
"""

from __future__ import annotations

import sys
from pathlib import Path

from qa_checker.coreschema import dump
from qa_checker.model import Proposal

TARGET = Path(__file__).resolve().parent.parent / "src" / "qa_checker" / "schemas" / "core" / "proposal.json"


def main(argv: list[str]) -> int:
    text = dump(Proposal.__pydantic_core_schema__)
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date; run scripts/gen_core_schema.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
