"""``check`` on a badge: the recognised document becomes a proposal ``Document`` whose
positions are the original JSON's, and failures on fields the standard cannot hold are
gathered into one finding instead of a wall of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from qa_checker.document import Document, Position
from qa_checker.findings import FileResult, Finding, Severity, Status
from qa_checker.interop import ctdl, ob3
from qa_checker.interop.detect import Detected, detect
from qa_checker.interop.export import covered
from qa_checker.interop.mapped import Mapped
from qa_checker.limits import Limits

EXPRESSIBLE = {"OB3": ob3.EXPRESSIBLE, "OB 2.0": ob3.OB2_EXPRESSIBLE, "CTDL": ctdl.EXPRESSIBLE}
RULE_ID = "QA-NOT-EXPRESSIBLE"
TOOL = "qa-checker"


@dataclass(frozen=True)
class Source:
    """A badge read as a proposal: its standard, the mapping, and the sidecar's keys."""

    standard: str
    mapped: Mapped
    supplied: tuple[str, ...]


def read(detected: Detected, data: dict[str, Any]) -> Mapped:
    """The proposal mapping for a recognised document."""
    if detected.standard == "CTDL":
        return ctdl.read(data, detected.root)
    return ob3.read(data, detected.root, detected.standard)


def as_proposal(doc: Document, path: Path, limits: Limits) -> tuple[Document, Source | None]:
    """``doc`` unchanged when it is not a recognised badge; else the proposal it states,
    positioned at the original file's lines, with the sidecar merged."""
    from qa_checker.interop import sidecar

    detected = detect(doc.data)
    if detected is None:
        return doc, None
    mapped = read(detected, doc.data)
    extra = sidecar.load(path, limits)
    data = {**mapped.data, **extra}
    positions: dict[str, Position] = {"": doc.locate(detected.root)}
    for pointer, source in mapped.sources.items():
        positions[pointer] = doc.locate(source)
    proposal = Document(path=doc.path, data=data, positions=positions, sha256=doc.sha256, fmt="json")
    return proposal, Source(detected.standard, mapped, tuple(extra))


def gather(result: FileResult, source: Source) -> FileResult:
    """Failures on fields the standard cannot express, gathered into one finding that
    names the fields and the rules. The verdicts stay as evaluated (a badge missing what
    a framework requires does not meet it); each set's counts follow the findings shown."""
    expressible = EXPRESSIBLE[source.standard] + tuple(f"/{k}" for k in source.supplied)
    gathered: list[Finding] = []
    kept: list[Finding] = []
    for finding in result.findings:
        outside = finding.pointer and not covered(finding.pointer, expressible)
        if finding.status is Status.FAIL and finding.framework != TOOL and outside:
            gathered.append(finding)
        else:
            kept.append(finding)
    if not gathered:
        return result
    from qa_checker.messages import msg
    from qa_checker.pointer import human_path

    fields = sorted({human_path("/" + f.pointer.split("/")[1]) for f in gathered})
    rules = sorted({f.rule_id for f in gathered})
    worst = max(
        (f.severity for f in gathered), key=lambda s: {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}[s]
    )
    first = gathered[0]
    params = {"standard": source.standard, "fields": ", ".join(fields), "rules": ", ".join(rules), "count": len(rules)}
    notice = Finding(
        rule_id=RULE_ID,
        framework=TOOL,
        clause=None,
        status=Status.FAIL,
        severity=worst,
        message=msg("interop.not_expressible", **params),
        fix=msg("interop.not_expressible.fix", **params),
        pointer="",
        file=first.file,
        line=first.line,
        column=1,
        title=msg("interop.not_expressible.title", standard=source.standard),
    )
    verdicts = []
    for verdict in result.verdicts:
        mine = [f for f in gathered if f.framework == verdict.framework]
        changed = replace(verdict)
        for f in mine:
            _count(changed, f.severity, -1)
        if mine:
            _count(changed, worst, 1)
        verdicts.append(changed)
    findings = sorted([*kept, notice], key=Finding.sort_key)
    return replace(result, findings=findings, verdicts=verdicts)


def _count(verdict: Any, severity: Severity, step: int) -> None:
    if severity is Severity.ERROR:
        verdict.errors += step
    elif severity is Severity.WARNING:
        verdict.warnings += step
    else:
        verdict.infos += step
