"""Resource limits for untrusted input, kept in one place so they can be documented
(docs/limits.md) and changed from configuration or the command line."""

from __future__ import annotations

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


DEFAULT_LIMITS = Limits()
