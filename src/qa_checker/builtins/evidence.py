"""``evidence``: a document of the right type is attached for a reviewer to confirm.

The tool cannot read a letter or a board minute; it can make sure one is named, typed
and, where asked, signed, and then hand it to a person (status ``needs_review``).
"""

from __future__ import annotations

from typing import Any

from qa_checker.builtins.result import Check, CheckResult, Violation
from qa_checker.pointer import select

NAME = "evidence"

PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["types"],
    "properties": {
        "types": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string"},
            "description": "Accepted evidence types.",
        },
        "min": {"type": "integer", "minimum": 1, "default": 1, "description": "How many are needed."},
        "signed": {"type": "boolean", "description": "Only documents marked signed count."},
    },
}


def compile(params: dict[str, Any]) -> Check:
    types, needed, signed = set(params["types"]), params.get("min", 1), params.get("signed")

    def check(data: Any) -> CheckResult:
        found = [
            pointer
            for pointer, item in select(data, "/evidence/*")
            if isinstance(item, dict) and item.get("type") in types and (not signed or item.get("signed") is True)
        ]
        if len(found) >= needed:
            return CheckResult(found=found)
        where = "/evidence" if isinstance(data, dict) and "evidence" in data else ""
        params = {"types": ", ".join(sorted(types)), "min": needed, "found": len(found)}
        return CheckResult(violations=[Violation(where, params)], found=found)

    return check
