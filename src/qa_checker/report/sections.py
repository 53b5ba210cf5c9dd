"""Frameworks, their clauses and each clause's findings, as the report shows them.

One structure serves the cover (verdict and counts), the compliance matrix (a state per
clause) and the per-framework sections (every finding under the clause it cites), so
the three can never disagree. Findings that belong to no selected rule set (the tool's
own findings about the file, such as an unknown field) are kept apart, never dropped.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from qa_checker.findings import FileResult, Finding, FrameworkVerdict, ReviewNote, Waiver
from qa_checker.jurisdictions import display_name
from qa_checker.pointer import human_path
from qa_checker.report.bounded import MAX_ITEMS
from qa_checker.report.plain import LIST_CHARS, SHORT_CHARS, soft
from qa_checker.report.states import finding_state, rank, worst
from qa_checker.rulesets import Catalog, Clause, Framework, Rule, RuleSet
from qa_checker.verdicts import verdict_words


@dataclass(frozen=True)
class FindingView:
    rule_id: str
    title: str
    state: str
    kind: str
    requirement: str
    message: str
    fix: str | None
    line: int
    file: str | None  # set only when the finding is in another file (a review file)
    field: str
    source_url: str | None
    source_ref: str | None  # the framework's own ID for that source (S1, ...), when it lists it
    verified: bool
    draft: bool
    waiver: Waiver | None
    review: ReviewNote | None


@dataclass(frozen=True)
class ClauseView:
    id: str
    label: str
    heading: str
    paraphrase: str
    requirement: str | None
    verified: bool
    state: str  # the worst of all its findings, shown or not
    findings: tuple[FindingView, ...]  # the first ``bounded.MAX_ITEMS``, most severe first
    hidden: int = 0  # findings not shown
    tally: tuple[tuple[str, int], ...] = ()  # (state, count) over all its findings


@dataclass(frozen=True)
class FrameworkView:
    ruleset_id: str
    ruleset_version: str
    framework_id: str
    title: str
    short_title: str
    issuer: str
    version: str
    date: str
    draft: bool
    jurisdiction: str
    sources: tuple[dict[str, Any], ...]
    verdict: str
    counts: FrameworkVerdict
    clauses: tuple[ClauseView, ...]
    verdict_words: str = ""


def finding_view(
    finding: Finding, rule: Rule | None, proposal: str, sources: dict[str, str] | None = None
) -> FindingView:
    """What a reader needs about one finding: where, why, how to fix, how sure we are.

    ``sources`` maps a URL to the framework's ID for it, so a source the framework
    section already lists is cited by that ID rather than repeated in every row.
    """
    source = rule.source.get("url") if rule is not None else None
    source = source if isinstance(source, str) else None
    return FindingView(
        rule_id=finding.rule_id,
        title=soft(finding.title, SHORT_CHARS),
        state=finding_state(finding),
        kind=finding.kind,
        requirement=rule.requirement if rule is not None else finding.severity.value,
        message=soft(finding.message, LIST_CHARS),
        fix=soft(finding.fix, LIST_CHARS) if finding.fix else None,
        line=finding.line,
        file=finding.file if finding.file != proposal else None,
        field=soft(human_path(finding.pointer), SHORT_CHARS),
        source_url=source,
        source_ref=(sources or {}).get(source) if source else None,
        verified=finding.verified,
        draft=finding.draft,
        waiver=_waiver(finding.waiver),
        review=review_note(finding.review),
    )


def _waiver(waiver: Waiver | None) -> Waiver | None:
    """A waiver's reason and approver are proposal text: made safe to lay out like the rest."""
    if waiver is None:
        return None
    return replace(waiver, reason=soft(waiver.reason, LIST_CHARS), approved_by=soft(waiver.approved_by, SHORT_CHARS))


def review_note(note: ReviewNote | None) -> ReviewNote | None:
    """A recorded reviewer decision; its words are the reviewer's, so treated as untrusted."""
    if note is None:
        return None
    comment = soft(note.comment, LIST_CHARS) if note.comment else None
    signer = soft(note.signer, SHORT_CHARS) if note.signer else None
    reviewer, date = soft(note.reviewer, SHORT_CHARS), soft(note.date, SHORT_CHARS)
    return replace(note, reviewer=reviewer, date=date, comment=comment, signer=signer)


def short_labels(clause_ids: Sequence[str]) -> dict[str, str]:
    """``CICAN-P1``, ``CICAN-P2`` → ``P1``, ``P2``: the shared prefix up to its last dash
    says nothing in a matrix cell that already sits in the framework's row."""
    prefix = os.path.commonprefix(list(clause_ids)) if len(clause_ids) > 1 else ""
    prefix = prefix[: prefix.rfind("-") + 1]
    return {cid: cid[len(prefix) :] or cid for cid in clause_ids}


def _sorted(views: Iterable[FindingView]) -> tuple[FindingView, ...]:
    return tuple(sorted(views, key=lambda v: (rank(v.state), v.rule_id, v.line)))


def per_rule(views: Sequence[FindingView]) -> tuple[tuple[FindingView, ...], int]:
    """At most ``MAX_ITEMS`` findings of each rule, in the order given, and how many
    were left out: a rule that fails for 12,000 outcomes cannot hide the other rules of
    its clause, and every failing rule is shown at least once."""
    seen: Counter[str] = Counter()
    shown: list[FindingView] = []
    for view in views:
        seen[view.rule_id] += 1
        if seen[view.rule_id] <= MAX_ITEMS:
            shown.append(view)
    return tuple(shown), len(views) - len(shown)


def clause_view(clause: Clause, label: str, findings: Sequence[FindingView]) -> ClauseView:
    shown, hidden = per_rule(_sorted(findings))
    return ClauseView(
        id=clause.id,
        label=label,
        heading=clause.heading,
        paraphrase=clause.paraphrase,
        requirement=clause.requirement,
        verified=clause.verified,
        state=worst(v.state for v in findings),
        findings=shown,
        hidden=hidden,
        tally=tuple(sorted(Counter(v.state for v in findings).items())),
    )


def source_ids(framework: Framework) -> dict[str, str]:
    """URL → the framework's ID for that source (``S1``), for sources that have both."""
    out: dict[str, str] = {}
    for source in framework.sources:
        if isinstance(source, dict) and isinstance(source.get("url"), str) and source.get("id"):
            out.setdefault(source["url"], str(source["id"]))
    return out


def _clauses(
    framework: Framework, findings: Sequence[Finding], rules: dict[str, Rule], proposal: str
) -> tuple[ClauseView, ...]:
    by_clause: dict[str, list[FindingView]] = {cid: [] for cid in framework.clauses}
    sources = source_ids(framework)
    for finding in findings:
        view = finding_view(finding, rules.get(finding.rule_id), proposal, sources)
        by_clause.setdefault(finding.clause or "", []).append(view)
    labels = short_labels(list(framework.clauses))
    views = [clause_view(c, labels[c.id], by_clause[c.id]) for c in framework.clauses.values()]
    strays = [cid for cid in by_clause if cid not in framework.clauses]
    for cid in strays:  # cannot happen with a valid rule set; shown rather than lost
        views.append(clause_view(Clause(cid, cid, ""), cid, by_clause[cid]))
    return tuple(views)


def framework_view(
    ruleset: RuleSet, verdict: FrameworkVerdict, findings: Sequence[Finding], proposal: str
) -> FrameworkView:
    framework = ruleset.framework
    rules = {rule.id: rule for rule in ruleset.rules}
    return FrameworkView(
        ruleset_id=ruleset.id,
        ruleset_version=ruleset.version,
        framework_id=framework.id,
        title=framework.title,
        short_title=framework.short_title or framework.title,
        issuer=framework.issuer,
        version=framework.version,
        date=framework.date,
        draft=framework.draft,
        jurisdiction=display_name(framework.jurisdiction) if framework.jurisdiction else "",
        sources=tuple(s for s in framework.sources if isinstance(s, dict)),
        verdict=verdict.verdict.value,
        counts=verdict,
        clauses=_clauses(framework, findings, rules, proposal),
        verdict_words=verdict_words(verdict),
    )


def framework_views(result: FileResult, catalog: Catalog) -> tuple[FrameworkView, ...]:
    """One view per rule set the proposal was checked against, in the order checked."""
    views = []
    for verdict in result.verdicts:
        ruleset = catalog.rulesets[verdict.framework]
        mine = [f for f in result.findings if f.framework == ruleset.id]
        views.append(framework_view(ruleset, verdict, mine, result.file))
    return tuple(views)


def other_findings(result: FileResult) -> tuple[FindingView, ...]:
    """Findings about the file itself (unknown fields, waiver problems), not a framework."""
    checked = {v.framework for v in result.verdicts}
    return _sorted(finding_view(f, None, result.file) for f in result.findings if f.framework not in checked)
