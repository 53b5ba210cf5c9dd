"""``unique``: IDs are not repeated, so every reference means one thing."""

from __future__ import annotations

from typing import Any

from qa_checker.builtins.result import Check, CheckResult, Violation
from qa_checker.pointer import select

NAME = "unique"

PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["values"],
    "properties": {"values": {"type": "string", "description": "Path selecting the values."}},
}


def compile(params: dict[str, Any]) -> Check:
    path = params["values"]

    def check(data: Any) -> CheckResult:
        seen: dict[Any, str] = {}
        outcome = CheckResult()
        for pointer, value in select(data, path):
            if not isinstance(value, str | int):
                continue
            if value in seen:
                outcome.violations.append(Violation(pointer, {"value": value, "first": seen[value]}))
            else:
                seen[value] = pointer
        return outcome

    return check
