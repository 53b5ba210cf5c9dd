"""Reviewer decisions on evidence and judgement items, kept beside the proposal.

``<proposal>.review.yaml`` is an append-only history: each entry says who decided
what on which rule, when, and is bound to the values that rule reads (a fingerprint,
see ``rule_inputs.py``) and to the rule-set version. Each entry carries an SSH
signature over its canonical bytes (``payload``), so anyone who can write the file,
a submitter included, can add entries but cannot make the tool apply them: only a
key in the board's allowed-signers file can (see ``review_state.py`` and
docs/review.md, "Threat model").

Schema version 1 files (bound to the proposal file's SHA-256, unsigned) still load;
their decisions are shown as unsigned and not applied. Recording into such a file
keeps its entries and writes version 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import StringConstraints

from qa_checker.document import Document
from qa_checker.errors import InputError
from qa_checker.limits import DEFAULT_LIMITS, Limits
from qa_checker.model import Id, IsoDate, Part, Text

KIND = "MicroCredentialReview"
SCHEMA_VERSION = 2
# The SSHSIG namespace: a decision signature can never pass for a git commit's, or back.
NAMESPACE = "qa-checker-decision"
# Waiting longer than this for another `review` to finish writing is reported, not endured.
LOCK_SECONDS = 60.0

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Short = Annotated[str, StringConstraints(min_length=1, max_length=320)]
Armoured = Annotated[str, StringConstraints(max_length=16_384)]


class DecisionModel(Part):
    rule: Id
    decision: Literal["confirmed", "rejected"]
    reviewer: Text
    date: IsoDate
    comment: Text | None = None
    # version 1: the SHA-256 of the proposal file's bytes
    proposal_sha256: Sha256 | None = None
    # version 2: what the rule reads, and the rule set it was read with
    inputs_sha256: Sha256 | None = None
    ruleset_version: Short | None = None
    signer: Short | None = None
    signature: Armoured | None = None


class ReviewModel(Part):
    kind: Literal["MicroCredentialReview"]
    schema_version: Literal[1, 2]
    proposal: Text | None = None
    decisions: list[DecisionModel] = []


@dataclass(frozen=True)
class Decision:
    rule: str
    decision: str
    reviewer: str
    date: str
    comment: str | None
    proposal_sha256: str | None
    inputs_sha256: str | None
    ruleset_version: str | None
    signer: str | None
    signature: str | None
    file: str
    line: int
    column: int

    @property
    def legacy(self) -> bool:
        """Bound to the file's bytes (schema version 1): never signed, never applied
        unless unsigned decisions are trusted."""
        return self.inputs_sha256 is None


FIELDS = ("rule", "decision", "reviewer", "date", "comment", "inputs_sha256", "ruleset_version", "signer")


def payload(entry: dict[str, Any], proposal_name: str) -> bytes:
    """The exact bytes a decision's signature covers: every field that gives it its
    meaning, plus the proposal's file name, as canonical JSON. YAML formatting, key
    order and the review file's other entries never change them."""
    from qa_checker.rule_inputs import canonical

    body = {name: entry.get(name) for name in FIELDS}
    body["proposal"] = proposal_name
    return NAMESPACE.encode("ascii") + b"\n" + canonical(body)


def load(path: Path, limits: Limits = DEFAULT_LIMITS, display: str | None = None) -> list[Decision]:
    """The decisions in ``path``, oldest first (none if it does not exist); a malformed
    file is an input error of the proposal it belongs to."""
    if not path.exists():
        return []
    doc = _load_valid(path, limits, display)
    return [_decision(doc, index, raw) for index, raw in enumerate(doc.data.get("decisions") or [])]


def _load_valid(path: Path, limits: Limits, display: str | None) -> Document:
    from qa_checker.loader import load_document
    from qa_checker.validate import validate_model

    doc = load_document(path, limits, display=display)
    if not isinstance(doc.data, dict) or doc.data.get("kind") != KIND:
        raise InputError(doc.path, "review.no_header", {"kind": KIND}, 1, 1)
    validate_model(doc, ReviewModel, strict_keys=True)
    for index, raw in enumerate(doc.data.get("decisions") or []):
        bound = raw.get("proposal_sha256") is not None or (
            raw.get("inputs_sha256") is not None and raw.get("ruleset_version") is not None
        )
        if not bound or (raw.get("signature") is not None and raw.get("inputs_sha256") is None):
            pos = doc.locate(f"/decisions/{index}")
            raise InputError(doc.path, "review.no_binding", {"rule": raw.get("rule")}, pos.line, pos.column)
    return doc


def _decision(doc: Document, index: int, raw: dict[str, Any]) -> Decision:
    pos = doc.locate(f"/decisions/{index}")
    return Decision(
        rule=raw["rule"],
        decision=raw["decision"],
        reviewer=raw["reviewer"],
        date=raw["date"],
        comment=raw.get("comment"),
        proposal_sha256=raw.get("proposal_sha256"),
        inputs_sha256=raw.get("inputs_sha256"),
        ruleset_version=raw.get("ruleset_version"),
        signer=raw.get("signer"),
        signature=raw.get("signature"),
        file=doc.path,
        line=pos.line,
        column=pos.column,
    )


def raw_entry(decision: Decision) -> dict[str, Any]:
    """A loaded decision as it is written back (unchanged, whatever its version)."""
    names = ("rule", "decision", "reviewer", "date", "comment", "proposal_sha256", *FIELDS[5:], "signature")
    return {name: getattr(decision, name) for name in names if getattr(decision, name) is not None}


def record(path: Path, proposal_name: str, new: list[dict[str, Any]], limits: Limits = DEFAULT_LIMITS) -> None:
    """Append ``new`` to the history in ``path``; never erase or change an earlier entry.

    The read-merge-write runs under a file lock (``<review file>.lock``), so two
    reviewers recording at the same moment both keep their decisions. The file is
    replaced atomically and never grows past what ``check`` accepts."""
    from filelock import FileLock, Timeout

    from qa_checker.atomic import write_text

    lock = FileLock(str(path) + ".lock", timeout=LOCK_SECONDS)
    try:
        with lock:
            earlier = [raw_entry(d) for d in load(path, limits)]
            body = {
                "kind": KIND,
                "schema_version": SCHEMA_VERSION,
                "proposal": proposal_name,
                "decisions": earlier + [{k: v for k, v in d.items() if v is not None} for d in new],
            }
            text = yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
            if len(text.encode("utf-8")) > limits.max_bytes:
                raise InputError(str(path), "review.too_large", {"limit": limits.max_bytes})
            write_text(path, text)
    except Timeout:
        raise InputError(str(path), "review.locked", {"seconds": f"{LOCK_SECONDS:g}"}) from None
    except OSError as exc:
        raise InputError(str(path), "review.unwritable", {"reason": exc.strerror or str(exc)}) from None


class _Dumper(yaml.SafeDumper):
    """Signatures (several lines) as literal blocks, as ``ssh-keygen`` prints them."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value and _plain_lines(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _plain_lines(value: str) -> bool:
    return all(line.isprintable() and line == line.rstrip() for line in value.split("\n"))


_Dumper.add_representer(str, _str)
