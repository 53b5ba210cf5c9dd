"""Units of learning volume: hours and credit systems, and how one becomes the other.

Frameworks count size in their own units: Australia in hours, the EU in ECTS credits
(25 to 30 hours each), New Zealand in NZQCF credits (10 notional hours each). A proposal
states hours, credits in some system, or both. To check it against a framework's limit
the amount is converted with *that framework's* factors (its ``credit_hours`` setting),
never with a factor the framework does not give.

A factor can be a range (ECTS: 25–30 hours), so a converted amount is a range too:
5 ECTS is 125–150 hours. A limit that falls inside the range cannot be decided from the
proposal and is reported as such, with the conversion, rather than guessed either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qa_checker.messages import msg

HOURS = "hours"

# Names a proposal may use for one system (format 1 writes NZ credits as ``NZQCF``;
# format 2 as ``NZ_credits``), mapped to the name frameworks' factors use.
_ALIASES = {"nzqcf": "NZ_credits", "nz_credits": "NZ_credits", "ects": "ECTS", "uk_credits": "UK_credits"}


def system_name(system: str) -> str:
    """The canonical name of a credit system (``NZQCF`` → ``NZ_credits``)."""
    return _ALIASES.get(system.casefold(), system)


@dataclass(frozen=True)
class Factor:
    """Hours per credit of one system, as a framework gives it."""

    low: float
    high: float
    verified: bool = True


def factors_of(setting: dict[str, Any]) -> dict[str, Factor]:
    """A framework's ``credit_hours`` setting (``{ECTS: {hours: [25, 30]}}``) as factors."""
    out = {}
    for system, spec in setting.items():
        low, high = spec["hours"]
        out[system_name(system)] = Factor(float(low), float(high), bool(spec.get("verified", True)))
    return out


@dataclass(frozen=True)
class Amount:
    """An amount in ``unit`` (``hours`` or a credit system), possibly a range."""

    low: float
    high: float
    unit: str

    @property
    def exact(self) -> bool:
        return self.low == self.high


def to_hours(value: float, system: str, factors: dict[str, Factor]) -> Amount | None:
    """``value`` credits of ``system`` in hours, or None when the framework gives no factor."""
    factor = factors.get(system_name(system))
    if factor is None:
        return None
    return Amount(value * factor.low, value * factor.high, HOURS)


def from_hours(hours: Amount, system: str, factors: dict[str, Factor]) -> Amount | None:
    """``hours`` as credits of ``system``: the fewest hours per credit give the most credits."""
    factor = factors.get(system_name(system))
    if factor is None or factor.low <= 0 or factor.high <= 0:
        return None
    return Amount(hours.low / factor.high, hours.high / factor.low, system_name(system))


def number(value: float) -> str:
    """125.0 → "125", 12.5 → "12.5", 1/3 → "0.33": amounts as people write them."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def unit_words(unit: str, plural: bool) -> str:
    """ "hours", "ECTS", "NZ credits" from the message catalogue."""
    key = f"units.{unit}_{'many' if plural else 'one'}"
    words = msg(key)
    return unit if words == key else words


def show(amount: Amount) -> str:
    """ "5 ECTS", "125–150 hours", "1 hour"."""
    if amount.exact:
        return msg("units.amount", value=number(amount.low), unit=unit_words(amount.unit, amount.low != 1))
    return msg("units.range", low=number(amount.low), high=number(amount.high), unit=unit_words(amount.unit, True))


def compare(amount: Amount, least: float | None, most: float | None) -> str:
    """``"ok"``, ``"out"`` (the whole range breaks a limit) or ``"between"`` (a limit
    falls inside the range, so the proposal's own figures cannot settle it)."""
    if (least is not None and amount.high < least) or (most is not None and amount.low > most):
        return "out"
    if (least is not None and amount.low < least) or (most is not None and amount.high > most):
        return "between"
    return "ok"
