"""The calendar check behind every date field of a proposal.

It lives apart from the model so the lean validator of ``coreschema`` can link it into
the stored schema without importing pydantic's model machinery.
"""

from __future__ import annotations

from datetime import date

from pydantic_core import PydanticCustomError


def calendar_date(value: str) -> str:
    """``2026-13-45`` has the shape of a date but is none; dates stay text (rules
    compare them as ISO strings), so the calendar is checked here."""
    try:
        date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("calendar_date", "not a calendar date") from None
    return value
