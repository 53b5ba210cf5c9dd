""" "Did you mean": the one helper every misspelt name goes through (fields, enum values,
framework IDs, configuration keys, rule and clause IDs, tool codes, error keys).

difflib's ratio with the same cut-off everywhere, and case ignored, so the tool
suggests the same way whatever was misspelt.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6


def closest(wanted: str, known: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The known name closest to ``wanted`` (as spelt in ``known``), or None."""
    names: dict[str, str] = {}
    for name in known:
        names.setdefault(name.casefold(), name)
    match = difflib.get_close_matches(wanted.casefold(), list(names), n=1, cutoff=cutoff)
    return names[match[0]] if match else None
