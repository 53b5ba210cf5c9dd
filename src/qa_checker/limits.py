"""Resource limits for untrusted input, kept in one place so they can be documented
(docs/limits.md) and changed from configuration or the command line."""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    # A real proposal is a few kilobytes; a megabyte is already a hundred proposals' worth.
    max_bytes: int = 1_048_576
    # Nesting deeper than this is never a proposal and would exhaust the parser's stack.
    max_depth: int = 64
    # Values built, counting every expansion of a YAML alias (defeats "billion laughs").
    max_nodes: int = 200_000
    # Wall-clock seconds one report render may take before it is stopped.
    render_seconds: float = 120.0
    # Longest single string value accepted (characters).
    max_string: int = 100_000
    # Items in one list. Findings of an ``each:`` rule grow with a list's length, so this
    # bounds them; a real proposal lists a few dozen outcomes or competencies.
    max_items: int = 20_000
    # Wall-clock seconds checking one file may take (load, validate, evaluate) before it
    # is stopped and reported as that file's error; the batch goes on.
    check_seconds: float = 60.0


# The deepest nesting a configuration may allow: libyaml refuses deeper flow nesting
# on its own, and Python's ``json`` recursion gives out not far above it.
MAX_DEPTH_CEILING = 500

DEFAULT_LIMITS = Limits()


def int_digits_limit() -> int:
    """The most digits Python reads as an integer (4,300 by default, 0 for no limit): a
    longer integer in a file is refused at its line rather than failing inside a parser."""
    return sys.get_int_max_str_digits()


def too_many_digits(literal: str) -> bool:
    limit = int_digits_limit()
    return bool(limit) and len(literal) > limit
