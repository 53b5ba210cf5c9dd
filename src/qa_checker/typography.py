"""French typography for the tool's own sentences, numbers and dates.

Applied to catalogue text, never to what a user wrote: a file name such as
``a:b.yaml`` or a URL in a field value keeps its characters. French (the Canadian
usage the Office québécois de la langue française describes) puts a non-breaking space
before ``:`` and a narrow one before ``; ! ?``, uses « guillemets » with non-breaking
spaces inside, a decimal comma and spaces between thousands, and writes dates as
« 1er décembre 2026 ». English text passes through unchanged.
"""

from __future__ import annotations

import datetime as dt
import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: before ; ! ? and between thousands
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# A space (or none) before ; ! ? that follows a word or closing mark, and is itself
# followed by a space or the end: "?" inside "a?b" or "--fail-on=x?" is left alone.
_TIGHT = re.compile(r"(?<=[\w»)\]}`'’])[ \u00a0\u202f]?([;!?])(?=\s|$|[»)\]])")
# A colon that ends a label ("Erreur : x", "Erreur: x") → NBSP before it; a colon
# followed by anything but a space ("file:line", "https:", "3:5") is untouched.
# A field just before it ("{file}:{line}: error") is a location that editors parse: kept.
_COLON = re.compile(r"(?:(?<=[\w»)\]`'’])|[ \u202f])[ \u202f]?(:)(?=\s|$)")
_QUOTED = re.compile(r'"([^"\n]+)"')


def french_text(text: str) -> str:
    """``text`` (a French catalogue sentence, fields still unfilled) with French spacing."""
    out = _QUOTED.sub(lambda m: f"«{NBSP}{m.group(1).strip()}{NBSP}»", text)
    out = re.sub(r"«[ \u00a0\u202f]?", "«" + NBSP, out)
    out = re.sub(r"[ \u00a0\u202f]?»", NBSP + "»", out)
    out = _COLON.sub(NBSP + r"\1", out)
    return _TIGHT.sub(NNBSP + r"\1", out)


def colon(lang: str) -> str:
    """The colon after a label: ``:`` in English, no-break space and ``:`` in French."""
    return NBSP + ":" if lang == "fr" else ":"


def number(value: float | int, lang: str, digits: int | None = None) -> str:
    """``12.5`` → ``12,5`` and ``12500`` → ``12 500`` in French; English unchanged.
    Four-digit numbers stay together (years, codes: « 2026 »)."""
    if isinstance(value, bool) or lang != "fr":
        return str(value) if digits is None else f"{value:.{digits}f}"
    if isinstance(value, float) and (digits is not None or not value.is_integer()):
        text = f"{value:.{digits}f}" if digits is not None else repr(value)
    else:
        text = str(int(value))
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    if len(whole) > 4:
        groups: list[str] = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = NNBSP.join(groups)
    return sign + whole + ("," + fraction if fraction else "")


def date(value: dt.date | str, lang: str) -> str:
    """``2026-12-01`` → « 1er décembre 2026 » in French; ISO (``2026-12-01``) in English,
    as the reports always showed it."""
    day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if lang != "fr":
        return day.isoformat()
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS_FR[day.month - 1]} {day.year}"
