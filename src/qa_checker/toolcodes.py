"""The tool's own codes (``QA-*``): findings about the proposal file, its waivers and its
review decisions rather than about a framework clause, plus ``QA-INPUT-ERROR`` for a file
that could not be (fully) read.

One registry, so ``rules`` can list them, ``explain`` can answer for them and SARIF can
give each the same full description, help and documentation link as a framework rule
(GitHub's ingestion refuses rules without them). The words live in the message
catalogue (``tool.<code>.title`` / ``.description`` / ``.help``).
"""

from __future__ import annotations

from dataclasses import dataclass

from qa_checker.findings import Severity
from qa_checker.messages import msg

# Where the tool's documentation is published; every helpUri points below it.
HOME = "https://github.com/qa-checker/qa-checker"
DOCS = HOME + "/blob/main/docs/"
INPUT_ERROR = "QA-INPUT-ERROR"


@dataclass(frozen=True)
class ToolCode:
    code: str
    severity: Severity
    doc: str  # page and anchor under DOCS

    @property
    def title(self) -> str:
        return msg(f"tool.{self.code}.title")

    @property
    def description(self) -> str:
        return msg(f"tool.{self.code}.description")

    @property
    def help(self) -> str:
        return msg(f"tool.{self.code}.help")

    @property
    def help_uri(self) -> str:
        return DOCS + self.doc


_W, _E, _I = Severity.WARNING, Severity.ERROR, Severity.INFO
_TOOL = "integrations.md#tool-codes"
CODES: dict[str, ToolCode] = {
    c.code: c
    for c in (
        ToolCode(INPUT_ERROR, _E, _TOOL),
        ToolCode("QA-FORMAT-OLD", _I, "migrate.md"),
        ToolCode("QA-NOT-EXPRESSIBLE", _W, "interop.md"),
        ToolCode("QA-OB3-REQUIRED", _E, "interop.md#check"),
        ToolCode("QA-OB2-REQUIRED", _E, "interop.md#check"),
        ToolCode("QA-CTDL-REQUIRED", _E, "interop.md#check"),
        ToolCode("QA-UNKNOWN-FIELD", _W, _TOOL),
        ToolCode("QA-UNKNOWN-JURISDICTION", _W, _TOOL),
        ToolCode("QA-EVIDENCE-MISSING", _W, _TOOL),
        ToolCode("QA-EVIDENCE-OUTSIDE", _W, _TOOL),
        ToolCode("QA-WAIVER-UNKNOWN", _W, _TOOL),
        ToolCode("QA-WAIVER-EXPIRED", _W, _TOOL),
        ToolCode("QA-WAIVER-UNUSED", _W, _TOOL),
        ToolCode("QA-REVIEW-STALE", _W, "review.md"),
        ToolCode("QA-REVIEW-STALE-REJECTED", _W, "review.md"),
        ToolCode("QA-REVIEW-UNUSED", _W, "review.md"),
        ToolCode("QA-REVIEW-UNSIGNED", _W, "review.md"),
        ToolCode("QA-REVIEW-UNSIGNED-APPLIED", _W, "review.md"),
        ToolCode("QA-REVIEW-UNKNOWN-SIGNER", _W, "review.md"),
        ToolCode("QA-REVIEW-BAD-SIGNATURE", _E, "review.md"),
    )
}


def lookup(code: str) -> ToolCode | None:
    """The tool code ``code`` names, ignoring case."""
    return CODES.get(code.upper())
