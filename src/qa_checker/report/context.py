"""Assemble everything a report shows into the one object the templates read.

The templates decide how things look; this module decides what is said, in the order
a board acts on it: cover (verdicts and readiness), what to fix, evidence to confirm,
judgement checklist, sign-off, then the clause matrix (compact, or every finding with
``--full``), appendix, reproducibility. Nothing here formats HTML.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qa_checker import i18n
from qa_checker.document import Document
from qa_checker.findings import FileResult, Verdict
from qa_checker.messages import current_lang, msg
from qa_checker.report import board, facts, reviewer, sections, svg
from qa_checker.report.bounded import first
from qa_checker.report.facts import Coverage, Fact
from qa_checker.report.plain import text
from qa_checker.report.repro import Repro, Stamp, repro, stamp
from qa_checker.report.states import STATES
from qa_checker.rulesets import Catalog

# Rule sets that take one line: the proposal does not claim them, or they do not apply.
SKIPPED = (Verdict.NOT_CLAIMED, Verdict.NOT_APPLICABLE)
PAPER = {"a4": "A4", "letter": "letter"}
RUNNING_TITLE_CHARS = 90
# A BCP 47 tag as the proposal's `language` field should hold it; anything else is
# not put into a `lang` attribute (it is still shown as text in the key facts).
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")


@dataclass(frozen=True)
class ReportSettings:
    """How to render: everything the command line says beyond which files."""

    fmt: str = "pdf"
    paper: str = "a4"
    variant: str | None = "pdf/a-3u"
    tags: bool = True  # --no-pdf-tags: no structure tree (faster, not accessible)
    rules: tuple[str, ...] = ()  # given with --rules (the configuration's are found again)
    config_file: str | None = None  # the repository configuration that applied, if any
    signers_file: str | None = None  # the allowed-signers file decisions were verified with
    trust_unsigned: bool = False  # --trust-unsigned-decisions: a draft
    full: bool = False  # --full: every clause and finding, passing and not applicable too
    edition: str = ""  # report --lang en,fr: the language added to each report's name


@dataclass(frozen=True)
class Totals:
    fail: int
    warning: int
    info: int
    review: int
    waived: int


@dataclass(frozen=True)
class ReportContext:
    lang: str
    paper: str
    title: str
    running_title: str
    proposal_lang: str | None
    description: str
    provider: str
    code: str
    stamp: Stamp
    frameworks: tuple[sections.FrameworkView, ...]
    totals: Totals
    other_findings: tuple[sections.FindingView, ...]
    evidence: tuple[reviewer.EvidenceRow, ...]
    checklist: tuple[reviewer.ChecklistItem, ...]
    # Long lists stop at ``bounded.MAX_ITEMS``; these say how many were left out.
    other_hidden: int
    evidence_hidden: int
    checklist_hidden: int
    facts: tuple[Fact, ...]
    coverage: Coverage
    bars: svg.BarChart
    grid: svg.Grid
    repro: Repro
    states: tuple[str, ...]
    readiness: tuple[board.ReadinessRow, ...] = ()
    fixes: tuple[board.Fix, ...] = ()
    documents: tuple[board.Document, ...] = ()
    documents_hidden: int = 0
    full: bool = False
    compact: tuple[board.CompactFramework, ...] = ()
    trusted_unsigned: int = 0  # decisions applied only because unsigned ones were trusted
    stale_rejections: int = 0  # items rejected on an earlier version, to review again


def totals(views: Sequence[sections.FrameworkView], others: Sequence[sections.FindingView]) -> Totals:
    """Cover counts over every finding, the tool's own included, whether a list shows it
    or stops before it."""
    found: Counter[str] = Counter()
    for view in views:
        for clause in view.clauses:
            found.update(dict(clause.tally))
    found.update(f.state for f in others)
    return Totals(found["fail"], found["warning"], found["info"], found["review"], found["waived"])


def report_lang() -> str:
    """The BCP 47 tag of the language the report's words are in (``fr-CA`` for French):
    the HTML ``lang`` and, through it, the PDF's ``/Lang``."""
    return i18n.tag(current_lang())


def proposal_lang(data: dict[str, Any]) -> str | None:
    """The language of the proposal's own text (title, description): the first of its
    ``languages`` (format 2), or its ``language`` (format 1), when it is a valid tag."""
    languages = data.get("languages")
    value = languages[0] if isinstance(languages, list) and languages else data.get("language")
    return value if isinstance(value, str) and _LANG_TAG.match(value) else None


def _bars(views: Sequence[sections.FrameworkView]) -> svg.BarChart:
    words = {kind: msg(f"report.chart.{kind}") for kind in svg.SEGMENTS}
    return svg.bar_chart([(v.short_title, v.counts) for v in views], words)


def build_context(result: FileResult, document: Document, catalog: Catalog, settings: ReportSettings) -> ReportContext:
    data = document.data if isinstance(document.data, dict) else {}
    title = text(data.get("title")) or result.file
    views = sections.framework_views(result, catalog)
    others = sections.other_findings(result)
    shown_others, other_hidden = sections.per_rule(others)
    evidence, evidence_hidden = first(reviewer.evidence_rows(result.findings, data))
    checklist, checklist_hidden = first(reviewer.checklist(result.findings))
    cover = facts.coverage(data)
    fact_list = facts.key_facts(data)
    when = stamp()
    titles = {v.ruleset_id: v.short_title for v in views}
    documents, documents_hidden = board.documents(result.findings, data)
    return ReportContext(
        lang=report_lang(),
        paper=PAPER[settings.paper],
        title=title,
        running_title=svg.clip(title, RUNNING_TITLE_CHARS),
        proposal_lang=proposal_lang(data),
        description=text(data.get("description")),
        provider=next((f.value for f in fact_list if f.key == "provider"), ""),
        code=text(data.get("code")),
        stamp=when,
        frameworks=views,
        totals=totals(views, others),
        other_findings=shown_others,
        evidence=evidence,
        checklist=checklist,
        other_hidden=other_hidden,
        evidence_hidden=evidence_hidden,
        checklist_hidden=checklist_hidden,
        facts=fact_list,
        coverage=cover,
        bars=_bars(views),
        grid=svg.coverage_grid(cover),
        repro=repro(result, catalog, when, settings),
        states=STATES,
        readiness=board.readiness_rows(result, views),
        fixes=board.fixes(result, titles),
        documents=documents,
        documents_hidden=documents_hidden,
        full=settings.full,
        compact=board.compact(views, frozenset(v.framework for v in result.verdicts if v.verdict in SKIPPED)),
        trusted_unsigned=sum(1 for f in result.findings if f.review and f.review.trusted_unsigned),
        stale_rejections=sum(1 for f in result.findings if f.rule_id == "QA-REVIEW-STALE-REJECTED"),
    )
