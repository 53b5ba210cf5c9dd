"""Which recorded decisions count, and applying the ones that do.

A decision is applied only when all of these hold (docs/review.md, "Threat model"):

- its SSH signature verifies over its canonical bytes (``reviews.payload``), made in
  the ``qa-checker-decision`` namespace, so no field was changed after signing;
- the key is in the board's allowed-signers file, for the principal the decision
  names, for that namespace and on that date;
- it was made on the values the rule reads now, under the same rule-set version.

Unsigned decisions and unknown keys are shown as such and not applied, unless the
user trusts unsigned decisions explicitly (personal drafts); then every applied one
is itself a warning. The decisions on an item are a history, oldest first; the
latest one that counts decides it. When none counts now and the last trusted word on
an item was a rejection, the item says so until it is reviewed again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa_checker.allowed_signers import Signers
from qa_checker.document import Document
from qa_checker.findings import Finding, ReviewNote, Severity, Status
from qa_checker.messages import msg
from qa_checker.pointer import human_path
from qa_checker.rulesets import Rule, RuleSet

if TYPE_CHECKING:
    # The review-file models are built only when a review file is read (``standing``),
    # so a check of proposals without one never pays for them.
    from qa_checker.reviews import Decision

TOOL_FRAMEWORK = "qa-checker"


@dataclass(frozen=True)
class Trust:
    """Whom to believe: the board's allowed signers, and whether unsigned decisions
    (and unknown keys) are trusted anyway, for a personal draft."""

    signers: Signers = field(default_factory=Signers)
    trust_unsigned: bool = False
    config_hint: str = ""  # where an allowed-signers file could be named, for messages


@dataclass(frozen=True)
class Standing:
    """What the signature says about one decision, before looking at the proposal."""

    trust: str  # signed | unsigned | unknown_signer | bad_signature
    key: str | None = None  # the signing key's fingerprint
    reason: str | None = None  # why a signature is bad (message key)


def load_trust(allowed_signers: str | None, trust_unsigned: bool) -> Trust:
    """The allowed-signers file named on the command line, else in the user's own
    configuration (never anywhere near a submission). An unreadable or malformed file
    is a ``QaError``: the run stops rather than trusting nobody without saying so."""
    from qa_checker import allowed_signers as signers_file
    from qa_checker import userconfig

    user = userconfig.load()
    path = Path(allowed_signers) if allowed_signers else user.allowed_signers
    signers = signers_file.load(path) if path is not None else Signers()
    return Trust(signers, trust_unsigned, str(user.path))


def signers_inside(trust: Trust, paths: Sequence[str]) -> str | None:
    """The checked folder that holds the allowed-signers file, if one does: whoever
    can put files there (a submitter) could have written whom to trust."""
    if trust.signers.path is None:
        return None
    signers = Path(trust.signers.path).resolve()
    for raw in paths:
        folder = Path(raw).resolve()
        folder = folder if folder.is_dir() else folder.parent
        if signers.is_relative_to(folder):
            return str(raw if Path(raw).is_dir() else folder)
    return None


def standing(decision: Decision, proposal_name: str, signers: Signers) -> Standing:
    if decision.signature is None or decision.legacy:
        return Standing("unsigned")
    from qa_checker import sshsig
    from qa_checker.reviews import NAMESPACE, payload, raw_entry

    try:
        signature = sshsig.parse(decision.signature)
    except sshsig.SignatureError as exc:
        return Standing("bad_signature", None, exc.reason)
    try:
        sshsig.verify(signature, NAMESPACE, payload(raw_entry(decision), proposal_name))
    except sshsig.SignatureError as exc:
        return Standing("bad_signature", signature.fingerprint, exc.reason)
    for entry in signers.for_key(signature.public_key):
        if decision.signer and entry.matches(decision.signer) and entry.allows(NAMESPACE, decision.date):
            return Standing("signed", signature.fingerprint)
    return Standing("unknown_signer", signature.fingerprint)


def apply(
    doc: Document,
    findings: list[Finding],
    decisions: Sequence[Decision],
    rulesets: Mapping[str, RuleSet],
    trust: Trust,
    unselected: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Decide the items awaiting review from the history; return the tool's own
    findings about decisions that are not applied (or applied only on trust).

    ``unselected``: rule IDs (lower case) of rule sets not checked in this run; their
    decisions are left alone rather than reported as unused."""
    name = Path(doc.path).name
    extra: list[Finding] = []
    by_rule: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_rule.setdefault(decision.rule.lower(), []).append(decision)
    for rule_key, recorded in by_rule.items():
        # Oldest first by the signed date, then by position: moving an entry down the
        # file cannot make an older decision outrank a newer one.
        entries = sorted(recorded, key=lambda d: d.date)
        standings = [standing(d, name, trust.signers) for d in entries]
        for decision, stand in zip(entries, standings, strict=True):
            if stand.trust == "bad_signature":
                extra.append(_tool(decision, "QA-REVIEW-BAD-SIGNATURE", "review.bad_signature", Severity.ERROR, stand))
        targets = [f for f in findings if f.rule_id.lower() == rule_key and f.status is Status.NEEDS_REVIEW]
        if not targets and rule_key in unselected:
            continue
        if not targets:
            last, stand = entries[-1], standings[-1]
            if stand.trust != "bad_signature":
                extra.append(_tool(last, "QA-REVIEW-UNUSED", "engine.review_unused", Severity.WARNING, stand))
            continue
        for index, target in enumerate(targets):
            ruleset = rulesets[target.framework]
            rule = next(r for r in ruleset.rules if r.id == target.rule_id)
            found = _decide(doc, target, rule, ruleset, entries, standings, trust)
            if index == 0:
                extra.extend(found)
    return extra


def _decide(
    doc: Document,
    target: Finding,
    rule: Rule,
    ruleset: RuleSet,
    entries: list[Decision],
    standings: list[Standing],
    trust: Trust,
) -> list[Finding]:
    from qa_checker.rule_inputs import fingerprint

    current_print = fingerprint(rule, ruleset.version, doc.data)
    states: list[str] = []
    for decision, stand in zip(entries, standings, strict=True):
        usable = stand.trust == "signed" or (trust.trust_unsigned and stand.trust in ("unsigned", "unknown_signer"))
        if not usable:
            states.append(stand.trust)
        elif decision.legacy:
            states.append("valid" if decision.proposal_sha256 == doc.sha256 else "stale")
        else:
            same = decision.ruleset_version == ruleset.version and decision.inputs_sha256 == current_print
            states.append("valid" if same else "stale")
    trusted = [i for i, s in enumerate(states) if s in ("valid", "stale")]
    current = max((i for i, s in enumerate(states) if s == "valid"), default=None)
    latest = trusted[-1] if trusted else None
    history = []
    for i, (decision, stand, state) in enumerate(zip(entries, standings, states, strict=True)):
        shown = "applied" if i == current else ("superseded" if state == "valid" else state)
        history.append(_note(decision, stand, shown, state in ("valid", "stale") and stand.trust != "signed"))
    target.history = tuple(history)
    extra: list[Finding] = []
    if current is not None:
        note = history[current]
        target.review = note
        if entries[current].decision == "confirmed":
            target.status = Status.PASS
        else:
            target.status = Status.FAIL
            target.message = msg("engine.review_rejected", title=target.title, reviewer=note.reviewer)
        if note.trusted_unsigned:
            extra.append(
                _tool(entries[current], "QA-REVIEW-UNSIGNED-APPLIED", "review.unsigned_applied", Severity.WARNING)
            )
    if latest is not None and states[latest] == "stale":
        # the last trusted word on the item was said about other values
        decision = entries[latest]
        fields = ", ".join(human_path(p) for p in _described(rule))
        if decision.decision == "rejected":
            if current is None:
                target.review = replace(history[latest], state="stale")
            extra.append(
                _tool(decision, "QA-REVIEW-STALE-REJECTED", "review.stale_rejected", Severity.WARNING, fields=fields)
            )
        else:
            key = "engine.review_stale" if decision.legacy else "review.stale"
            extra.append(_tool(decision, "QA-REVIEW-STALE", key, Severity.WARNING, fields=fields))
    # decisions recorded after the last trusted one, that do not count
    for i in range((latest if latest is not None else -1) + 1, len(entries)):
        state = states[i]
        if state == "unsigned":
            extra.append(_tool(entries[i], "QA-REVIEW-UNSIGNED", "review.unsigned", Severity.WARNING))
        elif state == "unknown_signer":
            key = "review.unknown_signer" if trust.signers.path else "review.no_signers"
            params = {"signers": trust.signers.path or "", "config": trust.config_hint}
            extra.append(_tool(entries[i], "QA-REVIEW-UNKNOWN-SIGNER", key, Severity.WARNING, standings[i], **params))
    return extra


def _described(rule: Rule) -> list[str]:
    from qa_checker.rule_inputs import described

    return [p if p != "/" else "" for p in described(rule)]


def _note(decision: Decision, stand: Standing, state: str, trusted_unsigned: bool) -> ReviewNote:
    return ReviewNote(
        decision=decision.decision,
        reviewer=decision.reviewer,
        date=decision.date,
        comment=decision.comment,
        file=decision.file,
        line=decision.line,
        state=state,
        signer=decision.signer if stand.trust == "signed" else None,
        key=stand.key,
        trusted_unsigned=trusted_unsigned,
    )


def _tool(
    decision: Decision, rule_id: str, key: str, severity: Severity, stand: Standing | None = None, **more: Any
) -> Finding:
    params = {
        "rule": decision.rule,
        "reviewer": decision.reviewer,
        "date": decision.date,
        "signer": decision.signer or "",
        "key": (stand.key if stand else None) or "",
        "reason": msg(stand.reason) if stand and stand.reason else "",
        **more,
    }
    return Finding(
        rule_id=rule_id,
        framework=TOOL_FRAMEWORK,
        clause=None,
        status=Status.FAIL,
        severity=severity,
        message=msg(key, **params),
        fix=msg(key + ".fix", **params),
        pointer="",
        file=decision.file,
        line=decision.line,
        column=decision.column,
        title=msg(key + ".title"),
    )
