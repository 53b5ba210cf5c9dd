"""``allowed``: a field holds one of a configurable list of values.

Some lists a framework relies on are not published yet (PEQAB's six OMC categories),
so the list comes from a setting. While the list is empty the check only asks that a
value is given (a reviewer confirms it); once the list is configured it is enforced.
A JSON Schema ``enum`` cannot do this: an empty ``enum`` refuses every value.
"""

from __future__ import annotations

from typing import Any

from qa_checker.builtins.result import Check, CheckResult, Violation
from qa_checker.pointer import select

NAME = "allowed"

PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["field", "values"],
    "properties": {
        "field": {"type": "string", "description": "Path selecting the value(s) to check."},
        "values": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Allowed values; an empty list accepts any non-empty text.",
        },
    },
}


def compile(params: dict[str, Any]) -> Check:
    path, values = params["field"], frozenset(params["values"])
    allowed = ", ".join(sorted(values))
    # Where a missing value is reported: the path up to its first wildcard.
    missing_at = path.split("/*", 1)[0]

    def check(data: Any) -> CheckResult:
        hits = select(data, path)
        if not hits:
            return CheckResult(violations=[Violation(missing_at, {"allowed": allowed})])
        outcome = CheckResult()
        for pointer, value in hits:
            if not isinstance(value, str) or not value.strip() or (values and value not in values):
                outcome.violations.append(Violation(pointer, {"allowed": allowed}))
            else:
                outcome.found.append(pointer)
        return outcome

    return check
