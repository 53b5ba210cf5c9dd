"""Turn checked files into summary rows and chart geometry (plain data, easy to test).

Only what the summary shows is kept per file, so a summary of thousands of
submissions stays small in memory.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from qa_checker import gaps, readiness
from qa_checker.errors import QaError
from qa_checker.findings import FileResult, Severity, Status
from qa_checker.verdicts import verdict_words

VERDICTS = ("does_not_meet", "meets_pending_review", "meets", "advisory", "not_claimed", "not_applicable")


@dataclass(frozen=True)
class Row:
    file: str
    title: str
    provider: str
    verdicts: dict[str, str]
    open_reviews: int
    errors: int  # gaps with an error (one thing to fix, however many rules ask for it)
    warnings: int  # gaps whose worst level is a warning
    problem: str | None = None  # first input error, when the file could not be checked
    stale_rejections: int = 0  # items rejected on an earlier version: to review again
    unsigned_applied: int = 0  # decisions applied only because unsigned ones were trusted
    # The verdicts in words ("advisory: 10 suggestions"); `verdicts` keeps the values to filter on.
    verdict_words: dict[str, str] = field(default_factory=dict)
    # Clause readiness over the frameworks checked: what the batch sorts by
    # (readiness.sort_key), and per framework in words ("12 of 15 clauses met, 1 blocking").
    blocking: int = 0
    review_clauses: int = 0
    met: int = 0
    applicable: int = 0
    readiness_words: dict[str, str] = field(default_factory=dict)
    # per framework: (met, applicable, blocking), for the table's short form
    readiness_counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    # Every input error of a file that could not be checked (the row shows the first);
    # the command prints them all on standard error, as check and report do.
    input_errors: tuple[QaError, ...] = ()

    def rank(self) -> tuple[int, int, int, int, str]:
        """Batch order: fewest blocking clauses first, then fewest to review, then most
        met (readiness.sort_key); files that could not be checked last."""
        return (1 if self.problem else 0, self.blocking, self.review_clauses, -self.met, self.file)


@dataclass
class Summary:
    rows: list[Row] = field(default_factory=list)
    frameworks: list[str] = field(default_factory=list)
    verdict_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    failed_clauses: list[tuple[str, str, int]] = field(default_factory=list)  # (clause, heading, submissions)
    checked: int = 0
    bad: int = 0
    failing: int = 0  # submissions that do not meet at least one framework
    open_reviews: int = 0  # review items still open across the intake
    stale_rejections: int = 0  # across the intake
    unsigned_applied: int = 0
    trust_unsigned: bool = False  # made with --trust-unsigned-decisions: a draft


def row_of_error(error: QaError, *more: QaError) -> Row:
    """The row of a submission that could not be checked: the first reason, no counts."""
    return Row(
        error.file,
        "",
        "",
        {},
        0,
        0,
        0,
        problem=f"{error.where()}: {error.message}",
        input_errors=(error, *more),
    )


def row_of(result: FileResult, provider: str = "") -> Row:
    if result.errors:
        return row_of_error(*result.errors)
    ready = readiness.of_result(result)
    found = gaps.group(result.findings)
    return Row(
        file=result.file,
        title=result.title or "",
        provider=provider,
        verdicts={v.framework: v.verdict.value for v in result.verdicts},
        verdict_words={v.framework: verdict_words(v) for v in result.verdicts},
        open_reviews=sum(1 for f in result.findings if f.status is Status.NEEDS_REVIEW),
        errors=sum(1 for g in found if g.severity is Severity.ERROR),
        warnings=sum(1 for g in found if g.severity is Severity.WARNING),
        stale_rejections=sum(1 for f in result.findings if f.rule_id == "QA-REVIEW-STALE-REJECTED"),
        unsigned_applied=sum(1 for f in result.findings if f.rule_id == "QA-REVIEW-UNSIGNED-APPLIED"),
        blocking=sum(r.blocking for r in ready),
        review_clauses=sum(r.review for r in ready),
        met=sum(r.met for r in ready),
        applicable=sum(r.applicable for r in ready),
        readiness_words={r.framework: readiness.words(r) for r in ready},
        readiness_counts={r.framework: (r.met, r.applicable, r.blocking) for r in ready},
    )


def item_of(result: FileResult) -> tuple[Row, set[str]] | None:
    """What a worker sends back for the summary: the row and the failed clauses
    (None for a file a folder scan skipped as not a proposal)."""
    if result.skipped:
        return None
    return row_of(result, result.provider or ""), failed_clauses_of(result)


def failed_clauses_of(result: FileResult) -> set[str]:
    """Clauses with an unwaived failing error in this submission (each counted once)."""
    return {f.clause for f in result.findings if f.clause and f.status is Status.FAIL and f.severity is Severity.ERROR}


def build(items: list[tuple[Row, set[str]]], catalog: Any, trust_unsigned: bool = False, top: int = 10) -> Summary:
    summary = Summary(rows=sorted((row for row, _ in items), key=Row.rank), trust_unsigned=trust_unsigned)
    summary.frameworks = sorted({fw for row in summary.rows for fw in row.verdicts})
    for framework in summary.frameworks:
        counts = Counter(row.verdicts[framework] for row in summary.rows if framework in row.verdicts)
        summary.verdict_counts[framework] = {v: counts.get(v, 0) for v in VERDICTS}
    clauses = Counter(clause for _, failed in items for clause in failed)
    headings = {cid: c.heading for fw in catalog.frameworks.values() for cid, c in fw.clauses.items()}
    ranked = sorted(clauses.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    summary.failed_clauses = [(cid, headings.get(cid, ""), n) for cid, n in ranked]
    summary.bad = sum(1 for row in summary.rows if row.problem)
    summary.checked = len(summary.rows) - summary.bad
    summary.failing = sum(1 for row in summary.rows if "does_not_meet" in row.verdicts.values())
    summary.open_reviews = sum(row.open_reviews for row in summary.rows)
    summary.stale_rejections = sum(row.stale_rejections for row in summary.rows)
    summary.unsigned_applied = sum(row.unsigned_applied for row in summary.rows)
    return summary


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    segments: tuple[tuple[str, float, float, int], ...]  # (kind, x, width, count)
    total: int


def verdict_bars(summary: Summary, width: float = 360, height: float = 18, gap: float = 8) -> list[Bar]:
    """One stacked bar per framework: how many submissions got each verdict."""
    bars = []
    largest = max((sum(c.values()) for c in summary.verdict_counts.values()), default=0) or 1
    for index, framework in enumerate(summary.frameworks):
        counts = summary.verdict_counts[framework]
        x, segments = 0.0, []
        for verdict in VERDICTS:
            n = counts[verdict]
            if n:
                w = width * n / largest
                segments.append((verdict, round(x, 2), round(w, 2), n))
                x += w
        bars.append(Bar(framework, index * (height + gap), tuple(segments), sum(counts.values())))
    return bars


def clause_bars(summary: Summary, width: float = 300, height: float = 14, gap: float = 6) -> list[Bar]:
    """The most frequently failed clauses, longest bar first."""
    largest = max((n for _, _, n in summary.failed_clauses), default=0) or 1
    return [
        Bar(
            f"{cid} {heading}".strip(),  # the template shortens it on the chart, in full in its tooltip
            index * (height + gap),
            (("fail", 0.0, round(width * n / largest, 2), n),),
            n,
        )
        for index, (cid, heading, n) in enumerate(summary.failed_clauses)
    ]
