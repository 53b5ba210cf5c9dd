"""Machine-readable JSON, documented in docs/output.md.

The shape never depends on what was found: every key is always present, lists are
empty rather than missing, and keys are sorted so the same input gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from qa_checker import __version__, gaps, readiness
from qa_checker.errors import QaError
from qa_checker.findings import FileResult, Finding, Status
from qa_checker.output import Batch, CheckRun, joined

OUTPUT_VERSION = 1


def error_dict(error: QaError) -> dict[str, Any]:
    return {
        "file": error.file,
        "line": error.line,
        "column": error.column,
        "code": error.key,
        "message": error.message,
    }


def finding_dict(finding: Finding, gap: str = "") -> dict[str, Any]:
    """Built by hand rather than with ``dataclasses.asdict``, whose deep copy was half
    the cost of a large batch's JSON. ``gap`` is the key of the gap the finding is
    reported under (see ``files[].gaps``), empty for passes and waived findings."""
    return {
        "gap": gap,
        "item": finding.item,
        "rule_id": finding.rule_id,
        "framework": finding.framework,
        "clause": finding.clause,
        "status": finding.status.value,
        "severity": finding.severity.value,
        "message": finding.message,
        "fix": finding.fix,
        "pointer": finding.pointer,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "kind": finding.kind,
        "title": finding.title,
        "source_verified": finding.verified,
        "framework_draft": finding.draft,
        "related": list(finding.related),
        "waiver": asdict(finding.waiver) if finding.waiver is not None else None,
        "review": asdict(finding.review) if finding.review is not None else None,
        "review_history": [asdict(note) for note in finding.history],
    }


def file_dict(result: FileResult) -> dict[str, Any]:
    member = gaps.membership(result.findings)
    status = "skipped" if result.skipped else ("error" if result.errors else "checked")
    if result.excluded is not None:
        status = "excluded"
    return {
        "file": result.file,
        "status": status,
        "excluded_by": asdict(result.excluded) if result.excluded is not None else None,
        "sha256": result.sha256,
        "title": result.title,
        "unsigned_decisions_applied": sum(
            1
            for f in result.findings
            if f.review is not None and f.review.trusted_unsigned and f.review.state == "applied"
        ),
        "errors": [error_dict(e) for e in result.errors],
        "verdicts": [
            {
                "framework": v.framework,
                "version": v.version,
                "verdict": v.verdict.value,
                "counts": {
                    "errors": v.errors,
                    "warnings": v.warnings,
                    "infos": v.infos,
                    "needs_review": v.needs_review,
                    "waived": v.waived,
                    "passed": v.passed,
                    "not_applicable": v.not_applicable,
                    "suggestions": v.suggestions,
                },
            }
            for v in result.verdicts
        ],
        "gaps": [
            gap_dict(g) for status in (Status.FAIL, Status.NEEDS_REVIEW) for g in gaps.group(result.findings, status)
        ],
        "readiness": [readiness_dict(r) for r in readiness.of_result(result)],
        "findings": [finding_dict(f, member.get(id(f), "")) for f in result.findings],
    }


def gap_dict(gap: gaps.Gap) -> dict[str, Any]:
    """One thing to fix: the rules it blocks and where each finding under it is."""
    lead = gap.lead
    return {
        "key": gap.key,
        "status": lead.status.value,
        "severity": gap.severity.value,
        "message": lead.message,
        "fix": lead.fix,
        "file": lead.file,
        "line": lead.line,
        "column": lead.column,
        "pointer": lead.pointer,
        "rules": [
            {"rule_id": f.rule_id, "framework": f.framework, "clause": f.clause, "severity": f.severity.value}
            for f in gap.rules
        ],
        "evidence_types": list(gap.evidence_types),
        "items": [{"item": f.item, "pointer": f.pointer, "line": f.line, "column": f.column} for f in gap.items],
        "locations": [
            {"rule_id": f.rule_id, "pointer": f.pointer, "line": f.line, "column": f.column} for f in gap.findings
        ],
    }


def readiness_dict(ready: readiness.Readiness) -> dict[str, Any]:
    return {
        "framework": ready.framework,
        "applicable": ready.applicable,
        "met": ready.met,
        "review": ready.review,
        "improve": ready.improve,
        "blocking": ready.blocking,
    }


def document(results: Sequence[FileResult], run_errors: Sequence[QaError], exit_code: int) -> dict[str, Any]:
    shown = [r for r in results if not r.skipped]
    return _frame(run_errors, [file_dict(r) for r in shown], _Tally.of(shown), exit_code)


@dataclass
class _Tally:
    """The summary's counts, kept as files stream past so no result need be kept."""

    files: int = 0
    checked: int = 0
    excluded: int = 0
    input_errors: int = 0

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.checked += not result.errors and result.excluded is None
        self.excluded += result.excluded is not None
        self.input_errors += bool(result.errors)

    @classmethod
    def of(cls, shown: Iterable[FileResult]) -> _Tally:
        tally = cls()
        for result in shown:
            tally.add(result)
        return tally


def _frame(run_errors: Sequence[QaError], files: list[Any], tally: _Tally, exit_code: int) -> dict[str, Any]:
    return {
        "output_version": OUTPUT_VERSION,
        "tool": {"name": "qa-checker", "version": __version__},
        "errors": [error_dict(e) for e in run_errors],
        "files": files,
        "summary": {
            "files": tally.files,
            "checked": tally.checked,
            "excluded": tally.excluded,
            "input_errors": tally.input_errors + len(run_errors),
            "exit_code": exit_code,
        },
    }


def render(run: CheckRun) -> str:
    """The whole document as one string (the streamed bytes, joined)."""
    return joined("json", run)


def stream(results: Iterable[FileResult], batch: Batch, write: Callable[[str], object]) -> None:
    """Write the document file by file as ``results`` arrive, so a batch's memory stays
    flat however many files it holds; the bytes are those of ``json.dumps`` of the whole
    ``document``. ``batch.count`` is the number of results to come (it picks the layout)
    and ``batch.code`` is asked once they are all written (the summary comes after
    "files" because keys are sorted).

    Indented for one or a few files; a large batch is written compactly, because the
    json module's indenting encoder is pure Python and dominated big runs. Both are the
    same JSON value, with sorted keys, so tools see no difference."""
    indent = 2 if batch.count <= COMPACT_FROM else None
    head, _ = _split(_frame(batch.errors, [], _Tally(), 0), indent)
    write(head)
    tally = _Tally()
    for result in results:
        if result.skipped:
            continue
        text = _dumps(file_dict(result), indent)
        if indent is None:
            write(("," if tally.files else "") + text)
        else:
            write(("," if tally.files else "") + "\n    " + text.replace("\n", "\n    "))
        tally.add(result)
    _, tail = _split(_frame(batch.errors, [], tally, batch.code()), indent)
    write(("\n  " if indent is not None and tally.files else "") + tail + "\n")


# Where the (empty) file list sits in a dumped frame. No string value can hold these
# bytes: a quote inside a JSON string is always escaped.
_FILES_AT = {2: '"files": [', None: '"files":['}


def _split(frame: dict[str, Any], indent: int | None) -> tuple[str, str]:
    """A frame dumped with no files, cut inside its file list: what comes before the
    first file and after the last."""
    text = _dumps(frame, indent)
    cut = text.index(_FILES_AT[indent]) + len(_FILES_AT[indent])
    return text[:cut], text[cut:]


def _dumps(value: Any, indent: int | None) -> str:
    separators = None if indent else (",", ":")
    return json.dumps(value, indent=indent, separators=separators, sort_keys=True, ensure_ascii=False)


COMPACT_FROM = 50
