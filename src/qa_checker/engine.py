"""Evaluate rule sets on one proposal: findings and a verdict per rule set.

The engine never prints and never reads files; it turns a loaded, validated
``Document`` into a ``FileResult`` that every reporter renders its own way.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qa_checker.builtins.result import CheckResult
from qa_checker.clock import today
from qa_checker.document import Document
from qa_checker.findings import (
    FileResult,
    Finding,
    FrameworkVerdict,
    Severity,
    Status,
    Verdict,
    Waiver,
)
from qa_checker.framework_ids import resolve_all
from qa_checker.gaps import item_of, key_of
from qa_checker.jurisdictions import code_of, suggestion
from qa_checker.messages import msg
from qa_checker.pointer import human_path
from qa_checker.rulesets import Catalog, Rule, RuleSet

if TYPE_CHECKING:
    from qa_checker.pipeline import RunOptions
    from qa_checker.reviews import Decision
    from qa_checker.validate import Validated

TOOL_FRAMEWORK = "qa-checker"


class _Blanks(dict[str, Any]):
    """Leave ``{unknown}`` placeholders visible rather than failing on them."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, params: dict[str, Any]) -> str:
    """Fill a rule's message; templates are checked when the rule set loads, and a
    value that still trips the formatter leaves the text as written, never a crash."""
    if "{" not in template and "}" not in template:
        return template  # most titles and messages: nothing to fill (a batch renders 150 a file)
    try:
        return string.Formatter().vformat(template, (), _Blanks(params))
    except (ValueError, IndexError, KeyError, AttributeError):
        return template


def select_rulesets(
    catalog: Catalog, requested: Sequence[str], data: Any, defaults: Sequence[str] = ()
) -> list[RuleSet]:
    """``--framework`` wins; else the proposal's own ``targets``; else the repository
    configuration's ``frameworks``; else the default sets of the provider's
    jurisdiction (the national framework, its province's, good practice), or every
    default set when the jurisdiction is not stated or cannot be read.

    IDs match ignoring case. Unknown IDs were reported before this point (the CLI
    refuses an unknown ``--framework``, ``check_file`` an unknown target), so none is
    dropped here without a word."""
    ids = resolve_all(catalog.rulesets, requested)
    if not ids:
        ids = _known_targets(catalog, data)
    if not ids:
        ids = resolve_all(catalog.rulesets, defaults) or catalog.default_ids(provider_place(data), data)
    return [catalog.rulesets[i] for i in dict.fromkeys(ids) if i in catalog.rulesets]


def _known_targets(catalog: Catalog, data: Any) -> list[str]:
    if isinstance(data, dict) and isinstance(data.get("targets"), list):
        return resolve_all(catalog.rulesets, [t for t in data["targets"] if isinstance(t, str)])
    return []


def _stated_jurisdiction(data: Any) -> str | None:
    provider = data.get("provider") if isinstance(data, dict) else None
    value = provider.get("jurisdiction") if isinstance(provider, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def provider_place(data: Any) -> str | None:
    """The ISO code of ``provider.jurisdiction`` (``CA-ON``), None if absent or unreadable."""
    return code_of(_stated_jurisdiction(data))


def _jurisdiction_finding(doc: Document, catalog: Catalog, options: RunOptions) -> Finding | None:
    """A jurisdiction the default selection could not read: say so, and that every
    default framework was checked, rather than quietly checking the wrong ones."""
    stated = _stated_jurisdiction(doc.data)
    if stated is None or code_of(stated) is not None:
        return None
    if options.frameworks or options.default_frameworks or _known_targets(catalog, doc.data):
        return None
    hint = suggestion(stated)
    key = "engine.unknown_jurisdiction_suggest" if hint else "engine.unknown_jurisdiction"
    return tool_finding(doc, "QA-UNKNOWN-JURISDICTION", key, "/provider/jurisdiction", value=stated, suggestion=hint)


def evaluate_rule(rule: Rule, ruleset: RuleSet, doc: Document, applicable: bool) -> list[Finding]:
    """The findings of one rule: one per failing location, else one pass / needs-review.

    ``related`` (what a reviewer should look at) is one tuple shared by reference, never
    a copy per finding. When a rule fails in several places, each failure relates only
    to the found item that contains it: relating every failure of an ``each:`` rule to
    every item made memory (and JSON output) grow with the square of a list's length.
    """
    data = doc.data
    if not applicable or (rule.when is not None and rule.when(data).violations):
        return [_finding(rule, ruleset, doc, Status.NOT_APPLICABLE, rule.at or "", {})]
    outcome = rule.check(data)
    found = tuple(outcome.found)
    if len(outcome.violations) == 1:
        v = outcome.violations[0]
        return [_finding(rule, ruleset, doc, Status.FAIL, v.pointer, v.params, v.offset, found)]
    if outcome.violations:
        items = frozenset(found)
        return [
            _finding(rule, ruleset, doc, Status.FAIL, v.pointer, v.params, v.offset, _enclosing(v.pointer, items))
            for v in outcome.violations
        ]
    if _selects_nothing(rule, outcome):
        # "Each outcome is observable" over no outcomes: nothing to pass and nothing to
        # ask a reviewer; the rule that wants the outcomes reports their absence.
        return [_finding(rule, ruleset, doc, Status.NOT_APPLICABLE, rule.at or "", {})]
    status = Status.PASS if rule.kind == "automatic" else Status.NEEDS_REVIEW
    where = found[0] if found else rule.at or (rule.surface or [""])[0]
    finding = _finding(rule, ruleset, doc, status, where, {}, None, found)
    if outcome.detail:
        finding.message = msg("engine.with_detail", message=finding.message, detail=outcome.detail)
    return [finding]


def _enclosing(pointer: str, items: frozenset[str]) -> tuple[str, ...]:
    """The found item that is ``pointer`` or contains it, if any."""
    while True:
        if pointer in items:
            return (pointer,)
        if not pointer:
            return ()
        pointer = pointer.rsplit("/", 1)[0]


def _selects_nothing(rule: Rule, outcome: CheckResult) -> bool:
    """A check applied to ``each`` item of a list that the proposal does not have."""
    check = rule.spec.get("check")
    return isinstance(check, dict) and bool(check.get("each")) and not outcome.found


def _finding(
    rule: Rule,
    ruleset: RuleSet,
    doc: Document,
    status: Status,
    pointer: str,
    params: dict[str, Any],
    offset: int | None = None,
    related: tuple[str, ...] = (),
) -> Finding:
    pos = doc.locate_text(pointer, offset) if offset is not None else doc.locate(pointer)
    item, item_total = item_of(doc.get, pointer)
    if status is Status.NEEDS_REVIEW:
        # Nothing is wrong yet: the user needs the question a reviewer must answer.
        message, fix = rule.prompt or rule.title, None
    elif status is Status.FAIL:
        message, fix = rule.message, rule.fix
    else:
        message, fix = rule.title, None
    fields: dict[str, Any] = {}
    if "{" in message or (fix is not None and "{" in fix):  # the values only when a text uses them
        value = doc.get(pointer)
        fields = {"field": human_path(pointer), "value": value if isinstance(value, str | int | float) else ""}
        fields.update(params)
    return Finding(
        rule_id=rule.id,
        framework=ruleset.id,
        clause=rule.clause,
        status=status,
        severity=rule.severity,
        message=render(message, fields),
        fix=render(fix, fields) if fix else None,
        pointer=pointer,
        file=doc.file_of(pointer),
        line=pos.line,
        column=pos.column,
        kind=rule.kind,
        title=rule.title,
        verified=rule.verified,
        draft=ruleset.framework.draft,
        related=related,
        gap=key_of(rule.spec.get("check"), rule.id, pointer) if status is Status.FAIL else "",
        item=item,
        item_total=item_total,
    )


def tool_finding(doc: Document, rule_id: str, key: str, pointer: str, **params: Any) -> Finding:
    """A finding about the file itself (unknown field, waiver problems), not a framework."""
    pos = doc.locate(pointer)
    return Finding(
        rule_id=rule_id,
        framework=TOOL_FRAMEWORK,
        clause=None,
        status=Status.FAIL,
        severity=Severity.WARNING,
        message=msg(key, field=human_path(pointer), **params),
        fix=msg(key + ".fix", field=human_path(pointer), **params),
        pointer=pointer,
        file=doc.file_of(pointer),
        line=pos.line,
        column=pos.column,
        title=msg(key + ".title"),
    )


def _waivers(data: Any) -> list[Waiver]:
    """The proposal's waivers, read from the validated data (each has passed the model:
    ``rule``, ``reason`` and ``approved_by`` are text, ``expires`` an ISO date)."""
    listed = data.get("waivers") if isinstance(data, dict) else None
    return [
        Waiver(
            rule=w["rule"],
            reason=w["reason"],
            approved_by=w["approved_by"],
            expires=w.get("expires"),
            pointer=f"/waivers/{index}",
        )
        for index, w in enumerate(listed or [])
    ]


def apply_waivers(doc: Document, data: Any, findings: list[Finding], catalog: Catalog) -> list[Finding]:
    """Mark waived failures and report waivers that are expired, unknown or unused.

    A waived finding stays in every output (status ``waived``, with its reason): a
    waiver explains a failure, it never hides one.
    """
    extra: list[Finding] = []
    evaluated = {f.rule_id for f in findings}
    # Findings by rule, looked up once per waiver (a scan per waiver would grow with
    # waivers times findings).
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule_id.lower(), []).append(finding)
    now = today().isoformat()
    for waiver in _waivers(data):
        if catalog.rule(waiver.rule) is None:
            extra.append(
                tool_finding(doc, "QA-WAIVER-UNKNOWN", "engine.waiver_unknown", waiver.pointer, rule=waiver.rule)
            )
            continue
        if waiver.expires and waiver.expires < now:
            extra.append(
                tool_finding(
                    doc,
                    "QA-WAIVER-EXPIRED",
                    "engine.waiver_expired",
                    waiver.pointer,
                    rule=waiver.rule,
                    expires=waiver.expires,
                )
            )
            continue
        used = False
        for finding in by_rule.get(waiver.rule.lower(), ()):
            if finding.status is Status.FAIL:
                finding.status = Status.WAIVED
                finding.waiver = waiver
                used = True
        if not used and waiver.rule in evaluated:
            extra.append(
                tool_finding(doc, "QA-WAIVER-UNUSED", "engine.waiver_unused", waiver.pointer, rule=waiver.rule)
            )
    return extra


def verdict_of(ruleset: RuleSet, findings: list[Finding], applicable: bool) -> FrameworkVerdict:
    counts = FrameworkVerdict(ruleset.id, Verdict.MEETS, version=ruleset.framework_version)
    for f in findings:
        if f.status is Status.FAIL:
            if f.severity is Severity.ERROR:
                counts.errors += 1
            elif f.severity is Severity.WARNING:
                counts.warnings += 1
            else:
                counts.infos += 1
        elif f.status is Status.NEEDS_REVIEW:
            counts.needs_review += 1
        elif f.status is Status.WAIVED:
            counts.waived += 1
        elif f.status is Status.PASS:
            counts.passed += 1
        else:
            counts.not_applicable += 1
    if not applicable:
        counts.verdict = Verdict(ruleset.verdict_if_not_applicable)
    elif ruleset.framework.kind == "advisory":
        # Advice is counted, never ticked: "meets" beside ten suggestions misleads.
        counts.verdict = Verdict.ADVISORY
    elif counts.errors:
        counts.verdict = Verdict.DOES_NOT_MEET
    elif counts.needs_review:
        counts.verdict = Verdict.MEETS_PENDING_REVIEW
    return counts


def evaluate(
    doc: Document,
    validated: Validated,
    catalog: Catalog,
    options: RunOptions,
    decisions: Sequence[Decision] = (),
    file_findings: Sequence[Finding] = (),
) -> FileResult:
    """Check one validated proposal against the selected rule sets.

    ``file_findings`` are findings about the file that the caller established (such as
    evidence files that are missing); like unknown fields, they count in every rule
    set's summary line."""
    data = doc.data
    # the validated data, without the fields in error: title is required text, and a
    # provider that reached here passed the model
    valid = validated.pruned if validated.pruned is not None else data
    provider = valid.get("provider")
    result = FileResult(
        file=doc.path,
        sha256=doc.sha256,
        title=valid["title"],
        provider=provider.get("name") if isinstance(provider, dict) else None,
    )
    for unknown in validated.unknown:
        key = "engine.unknown_field_suggest" if unknown.suggestion else "engine.unknown_field"
        result.findings.append(
            tool_finding(
                doc, "QA-UNKNOWN-FIELD", key, unknown.pointer, name=unknown.name, suggestion=unknown.suggestion
            )
        )
    if validated.upgraded_from is not None:
        # a notice, never an error: the file was read as format 2 (qa_checker.migration)
        old = validated.upgraded_from
        notice = tool_finding(doc, "QA-FORMAT-OLD", "engine.format_old", "/schema_version", version=old)
        notice.severity = Severity.INFO
        result.findings.append(notice)
    unread = _jurisdiction_finding(doc, catalog, options)
    if unread is not None:
        result.findings.append(unread)
    result.findings.extend(file_findings)
    per_set: list[tuple[RuleSet, list[Finding], bool]] = []
    for ruleset in select_rulesets(catalog, options.frameworks, data, options.default_frameworks):
        applicable = ruleset.when is None or not ruleset.when(data).violations
        findings = [f for rule in ruleset.rules for f in evaluate_rule(rule, ruleset, doc, applicable)]
        per_set.append((ruleset, findings, applicable))
        result.findings.extend(findings)
    if decisions:
        from qa_checker import review_state

        rulesets = {rs.id: rs for rs, _, _ in per_set}
        trust = options.trust if options.trust is not None else review_state.Trust()
        checked = {r.id.lower() for rs in rulesets.values() for r in rs.rules}
        unselected = frozenset(r.id.lower() for r in catalog.rules()) - checked
        result.findings.extend(review_state.apply(doc, result.findings, decisions, rulesets, trust, unselected))
    if options.use_waivers:
        result.findings.extend(apply_waivers(doc, valid, result.findings, catalog))
    # A finding about the file itself (an unknown field, a missing evidence file, a
    # waiver problem) bears on every rule set checked: each summary line counts it, so
    # "0 warnings" never sits under a printed warning. An advisory set's line counts its
    # own suggestions only (it shows no warnings, and a typo is not the set's advice).
    about_file = [f for f in result.findings if f.framework == TOOL_FRAMEWORK]
    result.verdicts = [
        verdict_of(rs, findings if rs.framework.kind == "advisory" else [*findings, *about_file], applicable)
        for rs, findings, applicable in per_set
    ]
    result.findings.sort(key=Finding.sort_key)
    return result
