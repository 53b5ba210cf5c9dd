"""``covered``: every item of one list is referenced from another.

The anchor of competency-based design (CICan P5, eCampusOntario F3, good practice 1):
an outcome or competency that no assessment measures is certified without evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qa_checker import schemacompile
from qa_checker.builtins.result import Check, CheckResult, Violation
from qa_checker.pointer import select

NAME = "covered"

# Parameters that are JSON Schemas: checked like a rule's own schema when it loads.
SCHEMA_PARAMS = ("filter",)

PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["items", "by", "via"],
    "properties": {
        "items": {"type": "string", "description": "Path selecting the items that must be covered."},
        "key": {"type": "string", "default": "id", "description": "Field holding each item's ID."},
        "by": {"type": "string", "description": "Path selecting the covering objects."},
        "via": {"type": "string", "description": "Field of a covering object: one ID or a list of IDs."},
        "filter": {
            "type": ["object", "boolean"],
            "description": "JSON Schema a covering object must match to count.",
        },
    },
}


def _matcher(schema: Any) -> Callable[[Any], bool]:
    """Whether a covering object matches ``filter``: compiled when it can be (the same
    answer as jsonschema), else on jsonschema in the rule dialect."""
    fast = schemacompile.compile_schema(schema)
    if fast is not None:
        return fast.is_valid
    from qa_checker import rule_schema

    slow: Callable[[Any], bool] = rule_schema.validator(schema).is_valid
    return slow


def compile(params: dict[str, Any]) -> Check:
    items, key, by, via = params["items"], params.get("key", "id"), params["by"], params["via"]
    keep = _matcher(params["filter"]) if "filter" in params else None

    def check(data: Any) -> CheckResult:
        covered_ids: set[str] = set()
        for _, obj in select(data, by):
            if not isinstance(obj, dict) or (keep is not None and not keep(obj)):
                continue
            refs = obj.get(via)
            if isinstance(refs, list):
                covered_ids.update(r for r in refs if isinstance(r, str))
            elif isinstance(refs, str):
                covered_ids.add(refs)
        outcome = CheckResult()
        for pointer, item in select(data, items):
            item_id = item.get(key) if isinstance(item, dict) else None
            if isinstance(item_id, str) and item_id not in covered_ids:
                outcome.violations.append(Violation(pointer, {"id": item_id}))
        return outcome

    return check
