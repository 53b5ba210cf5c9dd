"""The words of a framework verdict, shared by every output (text, CI formats, reports).

Most verdicts are one fixed phrase ("meets, pending review"). An advisory set's verdict
carries its count instead ("advisory: 10 suggestions"): advice is counted, never
ticked, so a good-practice set with open suggestions can never read as "meets".
"""

from __future__ import annotations

from qa_checker.findings import FrameworkVerdict, Verdict
from qa_checker.messages import msg


def verdict_words(verdict: FrameworkVerdict) -> str:
    """The verdict as a person reads it, in the current language."""
    if verdict.verdict is Verdict.ADVISORY:
        count = verdict.suggestions
        key = {0: "advisory_none", 1: "advisory_one"}.get(count, "advisory_many")
        return msg(f"verdict.{key}", count=count)
    return msg(f"verdict.{verdict.verdict.value}")
