"""``volume``: the size of the micro-credential, in the framework's own unit, within limits.

Reads hours (the first of ``hours`` the proposal states) or credits (``credits.value``
in ``credits.system``) and converts between them with the framework's own factors (its
``credit_hours`` setting, see ``units``). The limits ``min`` and ``max`` (inclusive) are
in ``unit``: ``hours`` or a credit system such as ``NZ_credits``. Credits already in
that system are used as stated; otherwise stated hours, else converted credits.

Every conversion is shown: a failing finding's ``{volume}`` reads
"5 ECTS = 125–150 hours", and a passing or needs-review finding carries it as its
detail. A limit that falls inside a converted range fails with that said, since the
proposal's figures cannot settle it; stating the hours settles it.
"""

from __future__ import annotations

from typing import Any

from qa_checker import units
from qa_checker.builtins.result import Check, CheckResult, Violation
from qa_checker.document import join
from qa_checker.messages import msg
from qa_checker.pointer import select

NAME = "volume"

PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["factors"],
    "properties": {
        "hours": {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "description": "Paths of hour counts, in order of preference (default: /notional_hours).",
        },
        "credits": {"type": "string", "description": "Path of the credits mapping (default: /credits)."},
        "factors": {
            "type": "object",
            "description": "Hours per credit by system (the framework's credit_hours setting).",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["hours"],
                "properties": {
                    "hours": {
                        "type": "array",
                        "items": {"type": "number", "exclusiveMinimum": 0},
                        "minItems": 2,
                        "maxItems": 2,
                    },
                    "verified": {"type": "boolean"},
                    "note": {"type": "string"},
                },
            },
        },
        "unit": {"type": "string", "description": "Unit of min and max: hours (default) or a credit system."},
        "min": {"type": "number", "minimum": 0},
        "max": {"type": "number", "minimum": 0},
    },
}


def _first_number(data: Any, path: str) -> tuple[str, float] | None:
    for pointer, value in select(data, path):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return pointer, float(value)
    return None


def compile(params: dict[str, Any]) -> Check:
    hour_paths = params.get("hours", ["/notional_hours"])
    credits_path = params.get("credits", "/credits")
    factors = units.factors_of(params["factors"])
    unit = units.system_name(params.get("unit", units.HOURS))
    least, most = params.get("min"), params.get("max")
    limits = {
        "min": units.number(least) if least is not None else "",
        "max": units.number(most) if most is not None else "",
    }

    def measure(data: Any) -> tuple[str, list[units.Amount], bool] | str:
        """Where the size is stated, the chain of amounts (stated first, in ``unit``
        last) and whether every factor used is verified; or why there is none."""
        stated = _first_number(data, join(credits_path, "value"))
        systems = [v for _, v in select(data, join(credits_path, "system")) if isinstance(v, str)]
        system = units.system_name(systems[0]) if systems and systems[0] != "none" else None
        if stated is not None and system == unit:
            return stated[0], [units.Amount(stated[1], stated[1], unit)], True
        chain: list[units.Amount]
        hours = next((h for h in (_first_number(data, p) for p in hour_paths) if h is not None), None)
        verified = True
        if hours is not None:
            pointer, chain = hours[0], [units.Amount(hours[1], hours[1], units.HOURS)]
        elif stated is not None and system is not None:
            converted = units.to_hours(stated[1], system, factors)
            if converted is None:
                return msg("units.no_factor", amount=units.show(units.Amount(stated[1], stated[1], system)))
            verified = factors[system].verified
            pointer = stated[0]
            chain = [units.Amount(stated[1], stated[1], system), converted]
        else:
            return msg("units.none_stated")
        if unit != units.HOURS:
            target = units.from_hours(chain[-1], unit, factors)
            if target is None:
                return msg("units.no_factor", amount=units.show(chain[-1]))
            verified = verified and factors[unit].verified
            chain.append(target)
        return pointer, chain, verified

    def check(data: Any) -> CheckResult:
        measured = measure(data)
        if isinstance(measured, str):
            missing_at = hour_paths[0].split("/*", 1)[0]
            return CheckResult(violations=[Violation(missing_at, {"volume": measured, **limits})])
        pointer, chain, verified = measured
        text = units.show(chain[0])
        for amount in chain[1:]:
            text = msg("units.equals", left=text, right=units.show(amount))
        if not verified:
            text = msg("units.unverified", volume=text)
        verdict = units.compare(chain[-1], least, most)
        if verdict == "out":
            return CheckResult(violations=[Violation(pointer, {"volume": text, **limits})])
        if verdict == "between":
            return CheckResult(violations=[Violation(pointer, {"volume": msg("units.between", volume=text), **limits})])
        return CheckResult(found=[pointer], detail=text if len(chain) > 1 or not verified else None)

    return check
