"""Built-in checks: what a JSON Schema fragment cannot say.

Each built-in is one small module with a ``NAME``, a JSON Schema for its parameters
(``PARAMS``, checked when a rule set loads) and ``compile(params)`` returning the check,
so that regexes and lookups are prepared once per process, not once per proposal.
"""

from __future__ import annotations

from qa_checker.builtins import allowed, compound, covered, evidence, references, unique, volume, words
from qa_checker.builtins.result import Builtin

MODULES: dict[str, Builtin] = {
    module.NAME: module for module in (covered, references, unique, words, compound, evidence, allowed, volume)
}
