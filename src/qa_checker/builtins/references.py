"""``references``: every ID a proposal cites points at something that exists.

A typo in ``maps_to: [C3]`` silently breaks the coverage argument; this makes it a
finding at the exact reference.
"""

from __future__ import annotations

from typing import Any

from qa_checker.builtins.result import Check, CheckResult, Violation
from qa_checker.pointer import select

NAME = "references"

PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["from", "to"],
    "properties": {
        "from": {"type": "string", "description": "Path selecting the references (IDs)."},
        "to": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string"},
            "description": "Paths selecting the IDs a reference may name.",
        },
    },
}


def compile(params: dict[str, Any]) -> Check:
    source, targets = params["from"], params["to"]

    def check(data: Any) -> CheckResult:
        known = {value for path in targets for _, value in select(data, path) if isinstance(value, str)}
        outcome = CheckResult()
        for pointer, ref in select(data, source):
            if isinstance(ref, str) and ref not in known:
                outcome.violations.append(Violation(pointer, {"ref": ref}))
        return outcome

    return check
