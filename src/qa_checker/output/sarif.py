"""SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps, GitLab).

Written to the points where other tools' SARIF was rejected or duplicated alerts:
exactly one run; one ``driver.rules`` entry per rule, no duplicates; 1-based regions;
repository-relative URIs; ``partialFingerprints`` from rule + file + JSON pointer, never
the line, so moving text does not re-open an alert; waived findings kept, with
``suppressions`` carrying the justification. Text that can carry proposal values
(messages, fixes, justifications, notifications) has its control characters escaped
(``output/escape.py``), so a viewer shows them rather than acting on them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from qa_checker import __version__, gaps
from qa_checker.errors import QaError
from qa_checker.findings import FileResult, Finding, Severity, Status
from qa_checker.messages import msg
from qa_checker.output import CheckRun
from qa_checker.output.escape import controls
from qa_checker.output.location import relative
from qa_checker.rulesets import Catalog
from qa_checker.verdicts import verdict_words

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
REPORTED = (Status.FAIL, Status.WAIVED, Status.NEEDS_REVIEW)
FINGERPRINT = "qaChecker/v1"
BASE = "%SRCROOT%"


def render(run: CheckRun) -> str:
    return json.dumps(document(run.results, run.errors, run.code, run.catalog), indent=2, sort_keys=True) + "\n"


def document(
    results: Sequence[FileResult], run_errors: Sequence[QaError], exit_code: int, catalog: Catalog
) -> dict[str, Any]:
    findings = [f for r in results for f in r.findings if f.status in REPORTED]
    rules, index = _rules(findings, catalog)
    grouped = [
        g for r in results for status in (Status.FAIL, Status.NEEDS_REVIEW) for g in gaps.group(r.findings, status)
    ]
    errors = [*run_errors, *(e for r in results for e in r.errors)]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "qa-checker",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": _results(findings, index, grouped),
                "properties": {"verdicts": _verdicts(results)},
                "invocations": [
                    {
                        "executionSuccessful": not errors,
                        "exitCode": exit_code,
                        "toolExecutionNotifications": [
                            *(_notification(e) for e in errors),
                            *(_excluded(r) for r in results if r.excluded is not None),
                        ],
                    }
                ],
            }
        ],
    }


def _verdicts(results: Sequence[FileResult]) -> list[dict[str, Any]]:
    """SARIF has no notion of a verdict, so each file's verdicts travel in the run's
    property bag: the machine value, its words ("advisory: 10 suggestions") and counts."""
    return [
        {
            "file": relative(result.file),
            "framework": v.framework,
            "version": v.version,
            "verdict": v.verdict.value,
            "text": verdict_words(v),
            "errors": v.errors,
            "warnings": v.warnings,
            "infos": v.infos,
            "needsReview": v.needs_review,
            "waived": v.waived,
        }
        for result in results
        if not result.skipped
        for v in result.verdicts
    ]


def _rules(findings: list[Finding], catalog: Catalog) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One descriptor per rule ID that appears, in ID order (stable across runs)."""
    seen: dict[str, Finding] = {}
    for finding in findings:
        seen.setdefault(finding.rule_id, finding)
    descriptors = []
    for rule_id in sorted(seen):
        descriptors.append(_descriptor(rule_id, seen[rule_id], catalog))
    return descriptors, {d["id"]: i for i, d in enumerate(descriptors)}


def _descriptor(rule_id: str, finding: Finding, catalog: Catalog) -> dict[str, Any]:
    rule = catalog.rule(rule_id) if finding.clause else None
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": finding.title or rule_id},
        "defaultConfiguration": {"level": LEVEL[finding.severity]},
        "properties": {"tags": [finding.framework] + ([finding.clause] if finding.clause else [])},
    }
    if rule is None:
        return descriptor
    framework = catalog.frameworks.get(rule.framework)
    clause = framework.clauses.get(rule.clause) if framework else None
    if clause is not None:
        descriptor["fullDescription"] = {"text": f"{rule.clause} {clause.heading}: {clause.paraphrase}"}
    help_text = rule.fix or rule.prompt or rule.title
    descriptor["help"] = {"text": help_text}
    if rule.source.get("url"):
        descriptor["helpUri"] = rule.source["url"]
    descriptor["properties"].update(
        {
            "requirement": rule.requirement,
            "kind": rule.kind,
            "sourceVerified": rule.verified,
            "frameworkDraft": bool(framework and framework.draft),
        }
    )
    return descriptor


def _results(findings: list[Finding], index: dict[str, int], grouped: Sequence[gaps.Gap]) -> list[dict[str, Any]]:
    """One result per finding and location; ``properties.gap`` names the gap it belongs
    to, and ``relatedLocations`` are the other places the same gap is reported."""
    gap_of = {id(f): g for g in grouped for f in g.findings}
    ordinal: dict[tuple[str, str, str], int] = {}
    out = []
    for finding in findings:
        uri = relative(finding.file)
        key = (finding.rule_id, uri, finding.pointer)
        ordinal[key] = ordinal.get(key, -1) + 1
        result: dict[str, Any] = {
            "ruleId": finding.rule_id,
            "ruleIndex": index[finding.rule_id],
            "message": {"text": controls(finding.message)},
            "locations": [_location(uri, finding.line, finding.column, finding.pointer)],
            "partialFingerprints": {FINGERPRINT: _fingerprint(*key, ordinal[key])},
            "properties": {"framework": finding.framework, "status": finding.status.value},
        }
        if finding.status is Status.NEEDS_REVIEW:
            # Not a defect yet: a person has to confirm it (SARIF's "review" kind).
            result.update(kind="review", level="none")
        else:
            result.update(kind="fail", level=LEVEL[finding.severity])
        if finding.status is Status.WAIVED and finding.waiver is not None:
            waiver = finding.waiver
            justification = msg(
                "sarif.justification", reason=waiver.reason, by=waiver.approved_by, expires=waiver.expires or "-"
            )
            result["suppressions"] = [{"kind": "inSource", "justification": controls(justification)}]
        if finding.fix:
            result["properties"]["fix"] = controls(finding.fix)
        gap = gap_of.get(id(finding))
        if gap is not None:
            result["properties"]["gap"] = controls(gap.key)
            related = _related(finding, gap, uri)
            if related:
                result["relatedLocations"] = related
        out.append(result)
    return out


def _related(finding: Finding, gap: gaps.Gap, uri: str) -> list[dict[str, Any]]:
    """The gap's other places (not this finding's own), each once, with the rules there."""
    places: dict[tuple[int, int, str], list[str]] = {}
    own = (finding.line, finding.column, finding.pointer)
    for other in gap.findings:
        where = (other.line, other.column, other.pointer)
        if where != own:
            places.setdefault(where, []).append(other.rule_id)
    return [
        {
            "id": n,
            **_location(uri, line, column, pointer),
            "message": {"text": controls(", ".join(dict.fromkeys(rules)))},
        }
        for n, ((line, column, pointer), rules) in enumerate(sorted(places.items()))
    ]


def _location(uri: str, line: int, column: int, pointer: str) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": uri, "uriBaseId": BASE},
            "region": {"startLine": max(1, line), "startColumn": max(1, column)},
        },
        "logicalLocations": [{"fullyQualifiedName": controls(pointer or "/"), "kind": "object"}],
    }


def _fingerprint(rule_id: str, uri: str, pointer: str, ordinal: int) -> str:
    return hashlib.sha256(f"{rule_id}\0{uri}\0{pointer}\0{ordinal}".encode()).hexdigest()[:32]


def _excluded(result: FileResult) -> dict[str, Any]:
    """A named file the configuration excludes: a note, so the run says it was not checked."""
    assert result.excluded is not None
    text = msg("input.excluded", pattern=result.excluded.pattern, config=result.excluded.config)
    location = {"physicalLocation": {"artifactLocation": {"uri": relative(result.file), "uriBaseId": BASE}}}
    return {"level": "note", "message": {"text": text}, "descriptor": {"id": "input.excluded"}, "locations": [location]}


def _notification(error: QaError) -> dict[str, Any]:
    note: dict[str, Any] = {
        "level": "error",
        "message": {"text": controls(error.message)},
        "descriptor": {"id": error.key},
    }
    if error.line is not None:
        note["locations"] = [_location(relative(error.file), error.line, error.column or 1, "")]
    else:
        note["locations"] = [
            {"physicalLocation": {"artifactLocation": {"uri": relative(error.file), "uriBaseId": BASE}}}
        ]
    return note
