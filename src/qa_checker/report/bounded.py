"""How many items of one list a report shows.

A proposal inside every input limit can still hold 12,000 learning outcomes, and a
rule that fails for each of them gives 12,000 findings under one clause: laid out in
full, that report needed 5.7 GiB and more than the render deadline. So every list a
report shows stops at ``MAX_ITEMS``: the findings of one rule (under its clause, or
among the findings about the file), documents to confirm, checklist items, the
documents cited and fields named by one item, names in a key fact, identifiers not
assessed or linked. What is left out is counted ("and N more"), with a pointer to
``qa-checker check FILE --format json``, which lists every one. Counts, verdicts and
the worst state of a clause are always computed from everything, never from what is
shown. The value is documented in docs/limits.md ("report list length").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

MAX_ITEMS = 25

T = TypeVar("T")


def first(items: Sequence[T], limit: int = MAX_ITEMS) -> tuple[tuple[T, ...], int]:
    """The items a report shows, and how many it leaves out."""
    return tuple(items[:limit]), max(len(items) - limit, 0)
