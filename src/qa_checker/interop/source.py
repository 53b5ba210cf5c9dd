"""``check`` on a badge: the recognised document becomes a proposal ``Document`` whose
positions are the original JSON's, and failures on fields the standard cannot hold are
gathered into one finding instead of a wall of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from qa_checker.document import Document, Position, join
from qa_checker.errors import InputError, InputErrors
from qa_checker.findings import FileResult, Finding, Severity, Status
from qa_checker.interop import ctdl, ob3, shape
from qa_checker.interop.detect import Detected, claimed, detect
from qa_checker.interop.export import covered
from qa_checker.interop.mapped import Mapped
from qa_checker.limits import Limits
from qa_checker.ruletypes import Catalog

EXPRESSIBLE = {"OB3": ob3.EXPRESSIBLE, "OB 2.0": ob3.OB2_EXPRESSIBLE, "CTDL": ctdl.EXPRESSIBLE}
RULE_ID = "QA-NOT-EXPRESSIBLE"
TOOL = "qa-checker"
_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Source:
    """A badge read as a proposal: its standard, the mapping, the sidecar (if any), and
    the findings about the badge's own object (required properties it lacks)."""

    standard: str
    mapped: Mapped
    sidecar: Document | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def supplied(self) -> tuple[str, ...]:
        """The proposal fields the sidecar supplies."""
        from qa_checker.interop import sidecar

        return tuple(sidecar.fields(self.sidecar))


def read(detected: Detected, data: dict[str, Any]) -> Mapped:
    """The proposal mapping for a recognised document."""
    if detected.standard == "CTDL":
        return ctdl.read(data, detected.root)
    return ob3.read(data, detected.root, detected.standard)


def recognise(doc: Document) -> Detected | None:
    """What ``doc`` is: None for a plain JSON file (a proposal, perhaps); an input error
    for a document that names a badge standard but cannot be read as one, so a broken
    badge is never checked as something else, nor passed silently."""
    detected = detect(doc.data)
    if detected is None:
        standard = claimed(doc.data)
        if standard is None:
            return None
        where = doc.locate("/type" if "type" in doc.data else "/@type")
        raise InputError(doc.path, "interop.claims_but_unreadable", {"standard": standard}, where.line, where.column)
    wrong = shape.wrong_types(detected, doc.data)
    if wrong:
        from qa_checker.pointer import human_path

        errors = []
        for item in wrong:
            where = doc.locate(item.pointer)
            params = {
                "standard": detected.standard,
                "field": human_path(item.pointer),
                "expected": " or ".join(item.expected),
            }
            errors.append(InputError(doc.path, "interop.wrong_type", params, where.line, where.column))
        raise InputErrors(sorted(errors, key=lambda e: (e.line or 0, e.column or 0)))
    return detected


def as_proposal(doc: Document, path: Path, limits: Limits) -> tuple[Document, Source | None]:
    """``doc`` unchanged when it is not a recognised badge; else the proposal it states,
    positioned at the original file's lines, with the sidecar merged."""
    from qa_checker.interop import sidecar

    detected = recognise(doc)
    if detected is None:
        return doc, None
    mapped = read(detected, doc.data)
    extra_doc = sidecar.load(path, limits)
    extra = sidecar.fields(extra_doc)
    data = {**mapped.data, **extra}
    root = doc.locate(detected.root)
    positions: dict[str, Position] = {"": root}
    for pointer, source in mapped.sources.items():
        if not sidecar.supplies(pointer, tuple(extra)):  # a replaced value's line is not the badge's
            positions[pointer] = doc.locate(source)
    proposal = Document(path=doc.path, data=data, positions=positions, sha256=doc.sha256, fmt="json")
    if extra_doc is not None:  # the sidecar's values are located in the sidecar
        keys = tuple(extra)
        proposal.positions.update((p, at) for p, at in extra_doc.positions.items() if sidecar.supplies(p, keys))
        proposal.spans.update((p, at) for p, at in extra_doc.spans.items() if sidecar.supplies(p, keys))
        proposal.origins.update((join("", key), extra_doc.path) for key in keys)
    required = tuple(_required(doc, detected, root))
    return proposal, Source(detected.standard, mapped, extra_doc, required)


def _required(doc: Document, detected: Detected, root: Position) -> list[Finding]:
    """One error for each property the standard requires that the badge's object lacks,
    at the line of that object (where the property would go)."""
    from qa_checker.messages import msg

    out = []
    rule_id = shape.RULE_IDS[detected.standard]
    for name in shape.missing(detected, doc.data):
        params = {"standard": detected.standard, "property": name, "spec": shape.SPECS[detected.standard]}
        out.append(
            Finding(
                rule_id=rule_id,
                framework=TOOL,
                clause=None,
                status=Status.FAIL,
                severity=Severity.ERROR,
                message=msg("interop.required_missing", **params),
                fix=msg("interop.required_missing.fix", **params),
                pointer="",
                file=doc.path,
                line=root.line,
                column=root.column,
                title=msg("interop.required_missing.title", **params),
                gap=f"rule:{rule_id}/{name}",  # each missing property is its own thing to fix
            )
        )
    return out


def _fields_read(finding: Finding, catalog: Catalog | None) -> list[str]:
    """The proposal pointers a finding is about: its pointer's, or for a
    finding at the document root (an evidence rule, say) the fields its rule reads;
    [] when that cannot be told."""
    if finding.pointer:
        return [finding.pointer]
    rule = catalog.rule(finding.rule_id) if catalog is not None else None
    if rule is None:
        return []
    from qa_checker.rule_inputs import WHOLE, inputs

    paths = [item.path for item in inputs(rule)]
    if not paths or WHOLE in paths:
        return []
    return sorted(paths)


def gather(result: FileResult, source: Source, catalog: Catalog | None = None) -> FileResult:
    """Failures on fields the standard cannot express, gathered into one finding that
    names the fields and the rules. The verdicts stay as evaluated (a badge missing what
    a framework requires does not meet it); each set's counts follow the findings shown."""
    expressible = EXPRESSIBLE[source.standard] + tuple(f"/{k}" for k in source.supplied)
    gathered: list[Finding] = []
    fields: set[str] = set()
    kept: list[Finding] = []
    for finding in result.findings:
        about = _fields_read(finding, catalog) if finding.status is Status.FAIL and finding.framework != TOOL else []
        if about and not any(covered(f, expressible) for f in about):
            gathered.append(finding)
            fields.update("/" + f.split("/")[1] for f in about)
        else:
            kept.append(finding)
    if not gathered:
        return result
    from qa_checker.messages import msg, plural
    from qa_checker.pointer import human_path

    names = sorted(human_path(f) for f in fields)
    rules = sorted({f.rule_id for f in gathered})
    worst = max((f.severity for f in gathered), key=lambda s: _RANK[s])
    first = min(gathered, key=Finding.sort_key)
    params = {"standard": source.standard, "fields": ", ".join(names), "rules": ", ".join(rules)}
    notice = Finding(
        rule_id=RULE_ID,
        framework=TOOL,
        clause=None,
        status=Status.FAIL,
        severity=worst,
        message=plural("interop.not_expressible", len(rules), **{k: v for k, v in params.items() if k != "count"}),
        fix=msg("interop.not_expressible.fix", **params),
        pointer="",
        file=first.file,
        line=first.line,
        column=1,
        title=msg("interop.not_expressible.title", standard=source.standard),
        gap=f"rule:{RULE_ID}",
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
