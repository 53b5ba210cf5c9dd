"""``words``: flag words or phrases inside prose fields, at the word's own position.

Prose linters such as Vale skip text inside YAML; learning outcomes live exactly there.
Matching is whole-word and case-insensitive; list every form you want caught
(``understand``, ``understanding``), since stemming would catch words nobody meant.
"""

from __future__ import annotations

import re
from typing import Any

from qa_checker.builtins.result import Check, CheckResult, Violation
from qa_checker.pointer import select

NAME = "words"

PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["fields", "words"],
    "properties": {
        "fields": {"type": "string", "description": "Path selecting the text fields."},
        "words": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 1},
            "description": "Words or phrases to flag.",
        },
        "first_only": {
            "type": "boolean",
            "default": False,
            "description": "Report only the first match in each field (one finding per field).",
        },
    },
}


def compile(params: dict[str, Any]) -> Check:
    phrases = sorted({w.strip().lower() for w in params["words"]}, key=len, reverse=True)
    spaced = (r"\s+".join(re.escape(part) for part in phrase.split()) for phrase in phrases)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(spaced) + r")(?![\w-])", re.IGNORECASE)
    fields, first_only = params["fields"], params.get("first_only", False)

    def check(data: Any) -> CheckResult:
        outcome = CheckResult()
        for pointer, text in select(data, fields):
            if not isinstance(text, str):
                continue
            for match in pattern.finditer(text):
                params = {"word": match.group(0), "text": text}
                outcome.violations.append(Violation(pointer, params, offset=match.start()))
                if first_only:
                    break
        return outcome

    return check
