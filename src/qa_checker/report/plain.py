"""Proposal values as plain text a report can lay out: clipped and breakable.

Proposal text is untrusted in size as well as content. WeasyPrint lays out a word
longer than its line by re-measuring the rest of the paragraph at every forced break,
which is quadratic: one 100,000-character "word" took over a minute and a half. So a
value is clipped at ``MAX_CHARS`` (saying so), and any unbroken run of ``RUN_CHARS``
or more gets an invisible break opportunity (U+200B) every ``BREAK_EVERY`` characters.
Ordinary words and URLs are far shorter than ``RUN_CHARS`` and stay untouched, so
copying them from the report still works. Escaping is the templates' job, not this.
"""

from __future__ import annotations

import re
from typing import Any

from qa_checker.messages import msg

MAX_CHARS = 4000
# Text in one item of a list (a finding's message and fix, an outcome in the coverage
# table, a reviewer's question): a long paragraph at most, since a list can hold up to
# ``bounded.MAX_ITEMS`` of them.
LIST_CHARS = 1000
# Titles, names and references shown in a list or a table cell: a few words. One
# evidence row can cite fifty documents, so their titles are clipped much sooner.
SHORT_CHARS = 300
RUN_CHARS = 160
BREAK_EVERY = 20
ZWSP = "\u200b"
_RUN = re.compile(rf"\S{{{RUN_CHARS},}}")


def _split_run(match: re.Match[str]) -> str:
    run = match.group()
    return ZWSP.join(run[i : i + BREAK_EVERY] for i in range(0, len(run), BREAK_EVERY))


def soft(value: str, limit: int = MAX_CHARS) -> str:
    """``value`` clipped to ``limit`` characters (with a note) and with long runs made breakable."""
    if len(value) > limit:
        value = value[:limit] + "… " + msg("report.clipped", shown=limit, total=len(value))
    return _RUN.sub(_split_run, value)


def text(value: Any, limit: int = MAX_CHARS) -> str:
    """A scalar proposal value as report text; structures and booleans give ``""``."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return soft(str(value), limit) if isinstance(value, str | int | float) else ""
