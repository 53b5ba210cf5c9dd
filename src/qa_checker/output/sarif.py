"""SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps, GitLab).

Written to the points where other tools' SARIF was rejected or duplicated alerts:
exactly one run; one ``driver.rules`` entry per rule, no duplicates, each with a full
description, help (text and Markdown) and a ``helpUri`` into the docs, the tool's own
``QA-*`` codes included (GitHub's ingestion rule GH2012); no ``name`` (it would only
repeat the ID, SARIF1001); ``informationUri``, ``fullName`` and ``automationDetails``
(Azure DevOps' ingestion rules); 1-based regions; repository-relative URIs, and
``file://`` URIs for files outside the repository; an input error is a result of its
own rule ``QA-INPUT-ERROR`` (so code scanning alerts on an unreadable proposal) as well
as a tool notification; ``partialFingerprints`` from rule + file + JSON pointer, never
the line, so moving text does not re-open an alert; waived findings kept, with
``suppressions`` carrying the justification. Text that can carry proposal values
(messages, fixes, justifications, notifications) has its control characters escaped
(``output/escape.py``), so a viewer shows them rather than acting on them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from typing import Any

from qa_checker import __version__, gaps
from qa_checker.errors import QaError
from qa_checker.findings import FileResult, Finding, Severity, Status
from qa_checker.messages import msg
from qa_checker.output import Batch, CheckRun, joined
from qa_checker.output.escape import controls
from qa_checker.output.location import artifact, relative
from qa_checker.output.spool import MARK, Spool
from qa_checker.rulesets import Catalog
from qa_checker.toolcodes import DOCS, HOME, INPUT_ERROR, lookup
from qa_checker.verdicts import verdict_words

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
REPORTED = (Status.FAIL, Status.WAIVED, Status.NEEDS_REVIEW)
FINGERPRINT = "qaChecker/v1"
BASE = "%SRCROOT%"


def render(run: CheckRun) -> str:
    return joined("sarif", run)


# The run's lists that grow with the batch, in the order they are written. Each is set
# aside in a spool as files arrive, because the run's keys are sorted: the exit code
# (``invocations``) comes before the results, and ``ruleIndex`` points into the list of
# rules that appear, known only at the end.
NOTIFIED, EXCLUDED, VERDICTS, FAILED, RESULTS = "notified", "excluded", "verdicts", "failed", "results"
PARTS = (NOTIFIED, EXCLUDED, VERDICTS, FAILED, RESULTS)
LISTS = ((NOTIFIED, EXCLUDED), (VERDICTS,), (FAILED, RESULTS))  # as they appear in the document
_HOLE = "\0{}"  # a stand-in for a list's items in the frame (dumped as "\u0000name")


def stream(results: Iterable[FileResult], batch: Batch, write: Callable[[str], object]) -> None:
    """Each file's results, verdicts and notifications are dumped as it arrives and set
    aside; the document is written once the run is over, its bytes those of dumping the
    whole document at once (``json.dumps``, indented, sorted keys)."""
    indents = _indents()
    with ExitStack() as stack:
        spools = {part: stack.enter_context(Spool(",\n" + indents[part])) for part in PARTS}

        def add(part: str, item: dict[str, Any]) -> None:
            text = json.dumps(item, indent=2, sort_keys=True).replace("\n", "\n" + indents[part])
            if part in (FAILED, RESULTS):
                text = _FINGERPRINT_MARK.sub(_marked_fingerprint, _RULE_INDEX.sub(_marked_index, text))
            spools[part].add(text)

        first: dict[str, Finding | None] = {}  # each rule ID's first finding, for its descriptor
        files = _SharedFiles()
        for error in batch.errors:
            add(NOTIFIED, _notification(error))
            add(FAILED, _error_result(error, _rule_mark(INPUT_ERROR)))
        for result in results:
            for error in result.errors:
                add(NOTIFIED, _notification(error))
                add(FAILED, _error_result(error, _rule_mark(INPUT_ERROR)))
            if result.excluded is not None:
                add(EXCLUDED, _excluded(result))
            for verdict in _verdicts([result]):
                add(VERDICTS, verdict)
            findings = [f for f in result.findings if f.status in REPORTED]
            grouped = [g for status in (Status.FAIL, Status.NEEDS_REVIEW) for g in gaps.group(result.findings, status)]
            for finding in findings:
                first.setdefault(finding.rule_id, finding)
            for item in _results(findings, grouped, files):
                add(RESULTS, item)
        errors = bool(spools[NOTIFIED].count)
        rules, index = _descriptors(first, batch.catalog, errors)
        frame = _dumped(_frame(rules, batch.code(), errors, {part: bool(spools[part].count) for part in PARTS}))
        fill = _Filler(index, files.shared)
        for group in LISTS:
            parts = [part for part in group if spools[part].count]
            if not parts:
                continue
            before, frame = frame.split(json.dumps(_HOLE.format(parts[0])), 1)
            write(before)
            for n, part in enumerate(parts):
                if n:
                    write(spools[part].separator)
                spools[part].copy(write, fill if part in (FAILED, RESULTS) else None)
        write(frame + "\n")


def _dumped(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True)


def _frame(rules: list[dict[str, Any]], exit_code: int, errors: bool, filled: dict[str, bool]) -> dict[str, Any]:
    """The document with a stand-in for each list that has items; notifications and
    results are each two spools, written one after the other in one list (the stand-in
    is named after the first that has items)."""

    def hole(*parts: str) -> list[str]:
        return [_HOLE.format(part) for part in parts if filled[part]][:1]

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
                "results": hole(FAILED, RESULTS),
                "properties": {"verdicts": hole(VERDICTS)},
                "invocations": [
                    {
                        "executionSuccessful": not errors,
                        "exitCode": exit_code,
                        "toolExecutionNotifications": hole(NOTIFIED, EXCLUDED),
                    }
                ],
            }
        ],
    }


def _indents() -> dict[str, str]:
    """How deep each spooled list's items sit in the dumped document."""
    text = _dumped(_frame([], 0, False, dict.fromkeys(PARTS, True)))
    found = {}
    for part in (NOTIFIED, VERDICTS, FAILED):
        hole = json.dumps(_HOLE.format(part))
        line_start = text.rindex("\n", 0, text.index(hole)) + 1
        found[part] = text[line_start : text.index(hole)]
    return {**found, EXCLUDED: found[NOTIFIED], RESULTS: found[FAILED]}


# In a dumped result, the stand-ins for values known only at the end (a NUL, then a
# letter saying which; JSON escapes the NUL): marked for the spool to fill in. Only the
# structure writes an unescaped quote, so no text inside a string can look like these.
_RULE_INDEX = re.compile(r'"ruleIndex": "\\u0000R((?:[^"\\]|\\.)*)"')
_FINGERPRINT_MARK = re.compile(r'"qaChecker/v1": "\\u0000F((?:[^"\\]|\\.)*)"')


def _rule_mark(rule_id: str) -> str:
    return "\0R" + rule_id


def _marked_index(match: re.Match[str]) -> str:
    return f'"ruleIndex": {MARK}R{match.group(1)}{MARK}'


def _marked_fingerprint(match: re.Match[str]) -> str:
    return f'"{FINGERPRINT}": "{MARK}F{match.group(1)}{MARK}"'


class _SharedFiles:
    """Which files have findings in more than one proposal's results: a base file that
    several proposals extend, or a path named twice. A fingerprint's ordinal counts the
    earlier results with the same rule, file and pointer across the whole batch, so for
    those files it is known only at the end; every other file's ordinals are its own.
    One entry per file, not per finding."""

    def __init__(self) -> None:
        self._first: dict[str, int] = {}  # file (URI) → the result it was first seen in
        self.shared: set[str] = set()
        self.result = 0

    def note(self, uri: str) -> None:
        if self._first.setdefault(uri, self.result) != self.result:
            self.shared.add(uri)


class _Filler:
    """The values of the marks, as the spool copies the results out in order."""

    def __init__(self, index: dict[str, int], shared: set[str]) -> None:
        self._index = {json.dumps(rule_id)[1:-1]: str(n) for rule_id, n in index.items()}
        self._shared = shared
        self._counts: dict[tuple[str, str, str], int] = {}  # only for the shared files

    def __call__(self, name: str) -> str:
        if name[:1] == "R":
            return self._index[name[1:]]
        rule_id, uri, pointer, own = json.loads(json.loads(f'"{name[1:]}"'))
        if uri in self._shared:
            key = (rule_id, uri, pointer)
            own = self._counts[key] = self._counts.get(key, -1) + 1
        return _fingerprint(rule_id, uri, pointer, own)


# Azure Pipelines' predefined variables → the automationDetails property GHAzDO reads.
AZURE = "azuredevops/pipeline/build/"
AZURE_PROPERTIES = {
    "buildDefinitionId": "BUILD_DEFINITIONID",
    "buildDefinitionName": "BUILD_DEFINITIONNAME",
    "phaseId": "SYSTEM_PHASEID",
    "phaseName": "SYSTEM_PHASENAME",
}
AZURE_ID = (
    "SYSTEM_COLLECTIONURI",
    "SYSTEM_TEAMPROJECT",
    "BUILD_DEFINITIONID",
    "SYSTEM_PHASEID",
    "BUILD_SOURCEBRANCH",
    "BUILD_BUILDID",
)


def automation(env: Mapping[str, str]) -> dict[str, Any]:
    """The run's category. One fixed category everywhere else, so code scanning replaces
    the previous run's alerts rather than piling them up; inside Azure Pipelines
    (``TF_BUILD``), the build identity GitHub Advanced Security for Azure DevOps requires,
    taken from the pipeline's predefined variables."""
    if env.get("TF_BUILD", "").lower() != "true":
        return {"id": "qa-checker/"}
    organisation = env.get("SYSTEM_COLLECTIONURI", "").rstrip("/").rsplit("/", 1)[-1]
    parts = [organisation, *(env.get(name, "") for name in AZURE_ID[1:])]
    return {
        "id": AZURE + "/".join(parts),
        "properties": {AZURE + key: env.get(name, "") for key, name in AZURE_PROPERTIES.items()},
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


def _descriptors(
    first: dict[str, Finding | None], catalog: Catalog, input_errors: bool
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """One descriptor per rule ID that appears (``first``: its first finding), in ID
    order (stable across runs)."""
    seen = dict(first)
    if input_errors:
        seen[INPUT_ERROR] = None
    descriptors = [_descriptor(rule_id, seen[rule_id], catalog) for rule_id in sorted(seen)]
    return descriptors, {d["id"]: i for i, d in enumerate(descriptors)}


def _descriptor(rule_id: str, finding: Finding | None, catalog: Catalog) -> dict[str, Any]:
    rule = catalog.rule(rule_id) if finding is not None and finding.clause else None
    if rule is None:
        return _tool_descriptor(rule_id, finding)
    framework = catalog.frameworks.get(rule.framework)
    clause = framework.clauses.get(rule.clause) if framework else None
    if clause is not None:
        full = f"{rule.clause} {clause.heading}: {clause.paraphrase}"
    else:
        full = f"{rule.clause}: {rule.title}"
    help_text = rule.fix or rule.prompt or rule.title
    source = rule.source.get("url")
    parts = [f"**{rule.id}** ({rule.framework} {rule.clause}): {rule.title}", help_text]
    if source:
        parts.append(msg("sarif.source", url=source))
    markdown = "\n\n".join(controls(part) for part in parts)
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": pascal(rule.title, rule_id),
        "shortDescription": {"text": controls(rule.title or rule_id)},
        "fullDescription": {"text": controls(full)},
        "help": {"text": controls(help_text), "markdown": markdown},
        "helpUri": DOCS + "frameworks.md",
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "tags": [rule.framework, rule.clause],
            "requirement": rule.requirement,
            "kind": rule.kind,
            "sourceVerified": rule.verified,
            "frameworkDraft": bool(framework and framework.draft),
        },
    }
    if source:
        descriptor["properties"]["sourceUri"] = source
    return descriptor


def _tool_descriptor(rule_id: str, finding: Finding | None) -> dict[str, Any]:
    """The tool's own codes: the same fields as a framework rule, from ``toolcodes``."""
    code = lookup(rule_id)
    if code is not None:
        title, full, help_text, uri, severity = code.title, code.description, code.help, code.help_uri, code.severity
    else:  # a code not in the registry yet: still every field GitHub requires
        assert finding is not None
        title = finding.title or rule_id
        full, help_text = title, finding.fix or title
        uri, severity = DOCS + "integrations.md#tool-codes", finding.severity
    return {
        "id": rule_id,
        "name": pascal(title, rule_id),
        "shortDescription": {"text": controls(title)},
        "fullDescription": {"text": controls(full)},
        "help": {
            "text": controls(help_text),
            "markdown": controls(f"**{rule_id}**: {title}") + "\n\n" + controls(help_text),
        },
        "helpUri": uri,
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"tags": ["qa-checker"]},
    }


def pascal(title: str, rule_id: str) -> str:
    """A PascalCase identifier from a rule's title (SARIF wants a name that is not the
    ID; Azure DevOps requires one): letters and digits only, each word capitalised."""
    import re

    words = re.findall(r"[A-Za-z0-9]+", title) or re.findall(r"[A-Za-z0-9]+", rule_id)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return name if name[:1].isalpha() else "Rule" + name


def _results(findings: list[Finding], grouped: Sequence[gaps.Gap], files: _SharedFiles) -> list[dict[str, Any]]:
    """One result per finding and location of one file; ``properties.gap`` names the gap
    it belongs to, and ``relatedLocations`` are the other places the same gap is
    reported. ``ruleIndex`` and the fingerprint are stand-ins, filled in at the end (the
    fingerprint carries its key and its ordinal among this file's results)."""
    gap_of = {id(f): g for g in grouped for f in g.findings}
    ordinal: dict[tuple[str, str, str], int] = {}
    files.result += 1
    out = []
    for finding in findings:
        uri = relative(finding.file)
        files.note(uri)
        key = (finding.rule_id, uri, finding.pointer)
        ordinal[key] = ordinal.get(key, -1) + 1
        result: dict[str, Any] = {
            "ruleId": finding.rule_id,
            "ruleIndex": _rule_mark(finding.rule_id),
            "message": {"text": controls(finding.message)},
            "locations": [_location(finding.file, finding.line, finding.column, finding.pointer)],
            "partialFingerprints": {FINGERPRINT: "\0F" + json.dumps([*key, ordinal[key]])},
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


def _related(finding: Finding, gap: gaps.Gap, file: str) -> list[dict[str, Any]]:
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
            **_location(file, line, column, pointer),
            "message": {"text": controls(", ".join(dict.fromkeys(rules)))},
        }
        for n, ((line, column, pointer), rules) in enumerate(sorted(places.items()))
    ]


def _location(file: str, line: int, column: int, pointer: str) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": artifact(file, BASE),
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
    location = {"physicalLocation": {"artifactLocation": artifact(result.file, BASE)}}
    return {"level": "note", "message": {"text": text}, "descriptor": {"id": "input.excluded"}, "locations": [location]}


def _error_locations(error: QaError) -> list[dict[str, Any]]:
    if error.line is not None:
        return [_location(error.file, error.line, error.column or 1, "")]
    return [{"physicalLocation": {"artifactLocation": artifact(error.file, BASE)}}]


def _notification(error: QaError) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": controls(error.message)},
        "descriptor": {"id": error.key},
        "locations": _error_locations(error),
    }


def _error_result(error: QaError, rule_index: int | str) -> dict[str, Any]:
    """An input error as a result of ``QA-INPUT-ERROR``: code scanning shows results,
    not notifications, so an unreadable proposal must be one to raise an alert."""
    uri = relative(error.file)
    return {
        "ruleId": INPUT_ERROR,
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": "error",
        "message": {"text": controls(error.message)},
        "locations": _error_locations(error),
        "partialFingerprints": {FINGERPRINT: _fingerprint(INPUT_ERROR, uri, error.key, error.line or 0)},
        "properties": {"key": error.key},
    }
