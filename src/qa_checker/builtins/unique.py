"""``unique``: IDs are not repeated, so every reference means one thing."""

from __future__ import annotations

from typing import Any

NAME = "unique"

PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["values"],
    "properties": {"values": {"type": "string", "description": "Path selecting the values."}},
}


def compile(params: dict[str, Any]):
    from qa_checker.builtins import Outcome, Violation
    from qa_checker.select import select

    path = params["values"]

    def check(data: Any) -> Outcome:
        seen: dict[Any, str] = {}
        outcome = Outcome()
        for pointer, value in select(data, path):
            if not isinstance(value, str | int):
                continue
            if value in seen:
                outcome.violations.append(Violation(pointer, {"value": value, "first": seen[value]}))
            else:
                seen[value] = pointer
        return outcome

    return check
