"""The SARIF, JUnit and GitHub reporters as they were before they streamed: each built
the whole document from every result at once. Kept as the oracle for the streamed
writers (tests/test_streamed_formats.py): the bytes must be the same for any batch,
including the cases the golden outputs do not hold (input errors, exclusions, waivers,
a path named twice, a step summary). Only the code that assembled the document is here;
the per-item helpers it called are imported from the reporters, unchanged.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from qa_checker import __version__, gaps
from qa_checker.errors import QaError
from qa_checker.findings import SEVERITY_RANK, FileResult, Finding, Status
from qa_checker.messages import msg
from qa_checker.output import CheckRun
from qa_checker.output.escape import controls
from qa_checker.output.github import PER_LEVEL, _cell, _excluded_text, _level, annotation
from qa_checker.output.junit import COUNTED, _count, _error_case, _excluded_case, _properties, _rule_case
from qa_checker.output.location import relative
from qa_checker.output.sarif import (
    FINGERPRINT,
    LEVEL,
    REPORTED,
    SCHEMA_URI,
    _descriptor,
    _error_locations,
    _excluded,
    _fingerprint,
    _location,
    _notification,
    _related,
    _verdicts,
    automation,
)
from qa_checker.rulesets import Catalog
from qa_checker.toolcodes import HOME, INPUT_ERROR
from qa_checker.verdicts import verdict_words


def sarif(run: CheckRun) -> str:
    return json.dumps(sarif_document(run.results, run.errors, run.code, run.catalog), indent=2, sort_keys=True) + "\n"


def sarif_document(
    results: Sequence[FileResult], run_errors: Sequence[QaError], exit_code: int, catalog: Catalog
) -> dict[str, Any]:
    findings = [f for r in results for f in r.findings if f.status in REPORTED]
    grouped = [
        g for r in results for status in (Status.FAIL, Status.NEEDS_REVIEW) for g in gaps.group(r.findings, status)
    ]
    errors = [*run_errors, *(e for r in results for e in r.errors)]
    rules, index = _rules(findings, catalog, bool(errors))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "qa-checker",
                        "fullName": f"qa-checker {__version__}",
                        "informationUri": HOME,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "automationDetails": automation(os.environ),
                "columnKind": "unicodeCodePoints",
                "results": [*(_error_result(e, index) for e in errors), *_results(findings, index, grouped)],
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


def _rules(
    findings: list[Finding], catalog: Catalog, input_errors: bool
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One descriptor per rule ID that appears, in ID order (stable across runs)."""
    seen: dict[str, Finding | None] = {}
    for finding in findings:
        seen.setdefault(finding.rule_id, finding)
    if input_errors:
        seen[INPUT_ERROR] = None
    descriptors = []
    for rule_id in sorted(seen):
        descriptors.append(_descriptor(rule_id, seen[rule_id], catalog))
    return descriptors, {d["id"]: i for i, d in enumerate(descriptors)}


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
            "locations": [_location(finding.file, finding.line, finding.column, finding.pointer)],
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
            related = _related(finding, gap, finding.file)
            if related:
                result["relatedLocations"] = related
        out.append(result)
    return out


def _error_result(error: QaError, index: dict[str, int]) -> dict[str, Any]:
    """An input error as a result of ``QA-INPUT-ERROR``: code scanning shows results,
    not notifications, so an unreadable proposal must be one to raise an alert."""
    uri = relative(error.file)
    return {
        "ruleId": INPUT_ERROR,
        "ruleIndex": index[INPUT_ERROR],
        "kind": "fail",
        "level": "error",
        "message": {"text": controls(error.message)},
        "locations": _error_locations(error),
        "partialFingerprints": {FINGERPRINT: _fingerprint(INPUT_ERROR, uri, error.key, error.line or 0)},
        "properties": {"key": error.key},
    }


def junit(run: CheckRun) -> str:
    results, run_errors = run.results, run.errors
    root = ET.Element("testsuites", name="qa-checker")
    totals = dict.fromkeys(COUNTED, 0)
    if run_errors:
        suite = ET.SubElement(root, "testsuite", name="qa-checker")
        for error in run_errors:
            _error_case(suite, error)
        _count(suite, totals)
    for result in results:
        if result.skipped:
            continue
        path = controls(relative(result.file))
        suite = ET.SubElement(root, "testsuite", name=path, file=path)
        _properties(suite, result, path)
        if result.excluded is not None:
            _excluded_case(suite, result)
        for error in result.errors:
            _error_case(suite, error)
        for (ruleset, rule_id), group in groupby(result.findings_by_rule(), key=lambda f: (f.framework, f.rule_id)):
            _rule_case(suite, ruleset, rule_id, list(group), run.fail_on)
        _count(suite, totals)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def github(run: CheckRun) -> str:
    results, run_errors = run.results, run.errors
    lines = [annotation("error", e.file, e.line, e.column, e.key, controls(e.message)) for e in run_errors]
    lines += [
        annotation("error", e.file, e.line, e.column, e.key, controls(e.message)) for r in results for e in r.errors
    ]
    errors = len(lines)
    lines += [
        annotation("notice", r.file, None, None, "input.excluded", controls(_excluded_text(r)))
        for r in results
        if r.excluded is not None
    ]
    shown = [f for r in results for f in r.findings if f.status in (Status.FAIL, Status.NEEDS_REVIEW)]
    shown.sort(key=lambda f: (f.status is Status.NEEDS_REVIEW, -SEVERITY_RANK[f.severity], f.sort_key()))
    used = {"error": errors, "warning": 0, "notice": len(lines) - errors}
    hidden = 0
    for finding in shown:
        level = _level(finding)
        if used[level] >= PER_LEVEL:
            hidden += 1
            continue
        used[level] += 1
        title = f"{finding.rule_id} ({finding.framework})"
        text = controls(finding.message) + (f"\n{controls(msg('text.fix', fix=finding.fix))}" if finding.fix else "")
        lines.append(annotation(level, finding.file, finding.line, finding.column, title, text))
    if hidden:
        lines.append(msg("github.hidden", count=hidden))
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with Path(summary_path).open("a", encoding="utf-8") as handle:
            handle.write(github_summary(results, run_errors))
    return "\n".join(lines) + "\n" if lines else ""


def github_summary(results: Sequence[FileResult], run_errors: Sequence[QaError]) -> str:
    out = [msg("github.summary_title"), "", msg("github.verdict_head"), "|---|---|---|---|---|"]
    for result in results:
        if result.skipped:
            continue
        if result.errors:
            out.append(f"| {_cell(relative(result.file))} | – | {msg('github.could_not_check')} | – | – |")
        if result.excluded is not None:
            out.append(f"| {_cell(relative(result.file))} | – | {_cell(_excluded_text(result))} | – | – |")
        for v in result.verdicts:
            verdict = verdict_words(v)
            out.append(
                f"| {_cell(relative(result.file))} | {_cell(v.framework)} | {verdict} | {v.errors} | {v.needs_review} |"
            )
    failing = [f for r in results for f in r.findings if f.status in (Status.FAIL, Status.NEEDS_REVIEW)]
    if failing:
        out += [
            "",
            msg("github.findings_head"),
            "|---|---|---|---|",
            *(
                f"| {_cell(relative(f.file))}:{f.line} | {_cell(f.rule_id)} | "
                f"{'review' if f.status is Status.NEEDS_REVIEW else f.severity.value} | {_cell(f.message)} |"
                for f in failing
            ),
        ]
    errors = [*run_errors, *(e for r in results for e in r.errors)]
    if errors:
        out += ["", msg("github.errors_head"), *(f"- {_cell(str(e))}" for e in errors)]
    return "\n".join(out) + "\n\n"
