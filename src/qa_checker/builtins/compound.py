"""``compound``: one statement that bundles several outcomes.

"Analyse sensor data and design a maintenance plan" is two outcomes, each needing its
own assessment. The heuristic splits the statement at commas, semicolons and "and"/"or"
and counts the pieces that open with an action verb from the list; adverbs such as
"safely" before the verb are skipped.
"""

from __future__ import annotations

import re
from typing import Any

from qa_checker.builtins.result import Check, CheckResult, Violation
from qa_checker.pointer import select

NAME = "compound"

PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["fields", "verbs"],
    "properties": {
        "fields": {"type": "string", "description": "Path selecting the statements."},
        "verbs": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 1},
            "description": "Action verbs that open an outcome.",
        },
        "max": {"type": "integer", "minimum": 1, "default": 1, "description": "Verbs allowed."},
    },
}

_SPLIT = re.compile(r",\s*(?:and|or)\s+|;\s*|\s+(?:and|or)\s+|,\s*", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F'-]+")


def compile(params: dict[str, Any]) -> Check:
    verbs = {v.lower() for v in params["verbs"]}
    limit, fields = params.get("max", 1), params["fields"]

    def opening_verb(piece: str) -> str | None:
        for word in _WORD.findall(piece)[:2]:
            lowered = word.lower()
            if lowered in verbs:
                return str(word)
            if not lowered.endswith("ly"):
                return None
        return None

    def check(data: Any) -> CheckResult:
        outcome = CheckResult()
        for pointer, text in select(data, fields):
            if not isinstance(text, str):
                continue
            found: list[tuple[int, str]] = []
            start = 0
            for sep in [*_SPLIT.finditer(text), None]:
                end = sep.start() if sep else len(text)
                verb = opening_verb(text[start:end])
                if verb:
                    found.append((start + text[start:end].find(verb), verb))
                start = sep.end() if sep else start
            if len(found) > limit:
                params = {"verbs": ", ".join(v for _, v in found), "count": len(found)}
                outcome.violations.append(Violation(pointer, params, offset=found[limit][0]))
        return outcome

    return check
