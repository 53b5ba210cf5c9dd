"""``qa-checker review``: record signed reviewer decisions, by prompt or by flags.

Each decision is appended to ``<proposal>.review.yaml`` bound to what its rule reads
and signed with the reviewer's SSH key (``signing.py``). The interactive flow asks
who reviews first, shows the fields and documents each item is about, takes a
comment per item, and keeps what was answered when the reviewer quits (``q``) or
presses Ctrl-C.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qa_checker import reviews, sidecars
from qa_checker.clock import today
from qa_checker.commands.common import framework_option, rules_option, setup, signers_option
from qa_checker.document import Document
from qa_checker.errors import InputErrors
from qa_checker.findings import Finding, ReviewNote, Status
from qa_checker.messages import msg, plural
from qa_checker.pointer import human_path, select

if TYPE_CHECKING:
    from qa_checker.config import Config
    from qa_checker.rulesets import Catalog, Rule, RuleSet

ANSWERS = {
    "c": "confirmed",
    "confirm": "confirmed",
    "confirmed": "confirmed",
    "r": "rejected",
    "reject": "rejected",
    "rejected": "rejected",
    "s": "skip",
    "skip": "skip",
    "": "skip",
    "q": "quit",
    "quit": "quit",
}
BRIEF = 160  # characters of a field's value shown under an item
SHOWN_ITEMS = 12  # items of a list (members of a mapping) shown one per line


@dataclass(frozen=True)
class ReviewRequest:
    """What the command line asked for."""

    path: Path
    frameworks: Sequence[str] = ()
    decide: Sequence[str] = ()
    comments: Sequence[str] = ()
    reviewer: str | None = None
    key: str | None = None
    signer: str | None = None
    unsigned: bool = False
    allowed_signers: str | None = None


@dataclass(frozen=True)
class Item:
    finding: Finding
    rule: Rule
    ruleset: RuleSet
    history: tuple[ReviewNote, ...]


@dataclass(frozen=True)
class Answer:
    item: Item
    decision: str
    comment: str | None


@click.command("review")
@click.argument("proposal", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--decide",
    "decide",
    multiple=True,
    metavar="RULE_ID=confirmed|rejected",
    help="Record a decision without prompting (repeatable).",
)
@click.option(
    "--comment",
    "comments",
    multiple=True,
    help="Comment on the decisions: once for all of them, or once per --decide in the same order.",
)
@click.option("--reviewer", default=None, help="Who decides (name, role).")
@click.option(
    "--key",
    default=None,
    type=click.Path(dir_okay=False),
    help="SSH private key to sign with. Default: signing_key in the user configuration, else git's SSH signing key.",
)
@click.option(
    "--signer",
    default=None,
    help="Principal the key is listed under in the board's allowed-signers file (e.g. an e-mail address).",
)
@click.option("--unsigned", is_flag=True, help="Record without signing (a personal draft; boards do not apply it).")
@signers_option
@framework_option
@rules_option
def command(
    proposal: str,
    decide: tuple[str, ...],
    comments: tuple[str, ...],
    reviewer: str | None,
    key: str | None,
    signer: str | None,
    unsigned: bool,
    allowed_signers: str | None,
    frameworks: tuple[str, ...],
    rules: tuple[str, ...],
) -> None:
    """Record signed reviewer decisions on the items of PROPOSAL that need review.

    Decisions are appended to PROPOSAL's .review.yaml file, each signed with your SSH
    key and bound to the values its rule reads, so an edit elsewhere in the proposal
    keeps them valid. Interactive on a terminal: q quits, keeping the answers given."""
    ready = setup((proposal,), rules, frameworks)
    request = ReviewRequest(
        Path(proposal), frameworks, decide, comments, reviewer, key, signer, unsigned, allowed_signers
    )
    raise SystemExit(run(request, ready.catalog, ready.config))


def pending(
    path: Path, catalog: Catalog, frameworks: Sequence[str], config: Config, trust: Any
) -> tuple[Document, list[Item]]:
    """Items that need a person (judged without earlier decisions, so any of them can be
    decided again), each with what was recorded on it so far."""
    from qa_checker.pipeline import RunOptions, Target, check_file

    fresh = check_file(Target(path, True), catalog, RunOptions.of(config, frameworks, use_decisions=False))
    if fresh.result.errors or fresh.document is None:
        raise InputErrors(fresh.result.errors)
    decided = check_file(Target(path, True), catalog, RunOptions.of(config, frameworks, trust=trust)).result
    history = {(f.framework, f.rule_id): f.history for f in decided.findings}
    items: dict[str, Item] = {}
    for finding in fresh.result.findings:
        if finding.status is Status.NEEDS_REVIEW and finding.rule_id not in items:
            ruleset = catalog.rulesets[finding.framework]
            rule = next(r for r in ruleset.rules if r.id == finding.rule_id)
            items[finding.rule_id] = Item(finding, rule, ruleset, history.get((finding.framework, finding.rule_id), ()))
    return fresh.document, list(items.values())


def run(request: ReviewRequest, catalog: Catalog, config: Config) -> int:
    """Ask or read the decisions, sign them, append them; the exit code. Input errors
    are raised for the command-line boundary to print (exit 2)."""
    from qa_checker import review_state

    limit = config.limits.max_string
    for what, text in [("reviewer", request.reviewer or ""), *(("comment", c) for c in request.comments)]:
        _within(what, text, limit)
    trust = review_state.load_trust(request.allowed_signers, False)
    doc, items = pending(request.path, catalog, request.frameworks, config, trust)
    signer = None if request.unsigned else _signer(request, trust)
    if not items:
        click.echo(msg("review.nothing", file=request.path))
        return 0
    interrupted = False
    if request.decide:
        answers = _from_flags(request, items)
        reviewer = request.reviewer
        if not reviewer:
            raise click.UsageError(msg("review.reviewer_needed"))
    else:
        if not sys.stdin.isatty():
            raise click.UsageError(msg("review.not_interactive"))
        reviewer = request.reviewer or _ask_reviewer(limit)
        if reviewer is None:
            click.echo(msg("review.none_recorded"))
            return 130
        answers, interrupted = _ask(items, doc, request.comments[0] if request.comments else None, limit)
        if len(answers) < len(items):
            click.echo(
                plural(
                    "review.stopped" if interrupted else "review.partial",
                    len(answers),
                    left=plural("review.items_left", len(items) - len(answers)),
                )
            )
    if not answers:
        click.echo(msg("review.none_recorded"))
        return 130 if interrupted else 0
    entries = _entries(answers, reviewer, doc, signer, request.path.name)
    target = sidecars.sidecar(request.path)
    reviews.record(target, request.path.name, entries, config.limits)
    if signer is None:
        click.echo(plural("review.recorded_unsigned", len(entries), file=target))
    else:
        key, principal = signer
        click.echo(plural("review.recorded_signed", len(entries), file=target, signer=principal, key=key.fingerprint))
        _warn_if_unlisted(key, principal, trust)
    return 130 if interrupted else 0


def _within(what: str, text: str, limit: int) -> None:
    """A comment the proposal's own limit would refuse would make the proposal
    uncheckable once recorded (reliability finding D08): refuse it here."""
    if len(text) > limit:
        raise click.UsageError(msg("review.too_long", what=msg(f"review.label_{what}"), length=len(text), limit=limit))


def _signer(request: ReviewRequest, trust: Any) -> tuple[Any, str]:
    from qa_checker import signing, userconfig

    user = userconfig.load()
    key = signing.open_signer(signing.key_path(request.key, user))
    listed = trust.signers.for_key(key.public)
    return key, signing.principal(request.signer, user, key, listed)


def _warn_if_unlisted(key: Any, principal: str, trust: Any) -> None:
    from qa_checker.reviews import NAMESPACE

    if trust.signers.path is None:
        click.echo(msg("review.no_signers_to_check", line=f"{principal} {key.public_line()}"), err=True)
        return
    day = today().isoformat()
    if not any(e.matches(principal) and e.allows(NAMESPACE, day) for e in trust.signers.for_key(key.public)):
        click.echo(
            msg("review.not_listed", key=key.fingerprint, signer=principal, signers=trust.signers.path), err=True
        )


def _entries(
    answers: Sequence[Answer], reviewer: str, doc: Document, signer: tuple[Any, str] | None, proposal: str
) -> list[dict[str, Any]]:
    from qa_checker.rule_inputs import fingerprint

    date = today().isoformat()
    entries = [
        {
            "rule": a.item.rule.id,
            "decision": a.decision,
            "reviewer": reviewer,
            "date": date,
            "comment": a.comment,
            "inputs_sha256": fingerprint(a.item.rule, a.item.ruleset.version, doc.data),
            "ruleset_version": a.item.ruleset.version,
            "signer": signer[1] if signer else None,
        }
        for a in answers
    ]
    if signer is not None:
        signatures = signer[0].sign_all(reviews.NAMESPACE, [reviews.payload(e, proposal) for e in entries])
        for entry, signature in zip(entries, signatures, strict=True):
            entry["signature"] = signature
    return entries


def _from_flags(request: ReviewRequest, items: list[Item]) -> list[Answer]:
    known = {i.finding.rule_id.lower(): i for i in items}
    comments = list(request.comments)
    if len(comments) > 1 and len(comments) != len(request.decide):
        raise click.UsageError(msg("review.comments_count", comments=len(comments), decisions=len(request.decide)))
    out: list[Answer] = []
    for index, raw in enumerate(request.decide):
        rule_id, _, decision = raw.partition("=")
        if decision not in ("confirmed", "rejected"):
            raise click.UsageError(msg("review.bad_decide", value=raw))
        if rule_id.lower() not in known:
            pending_ids = ", ".join(sorted(i.finding.rule_id for i in items))
            raise click.UsageError(msg("review.not_pending", rule=rule_id, pending=pending_ids))
        comment = comments[index] if len(comments) > 1 else (comments[0] if comments else None)
        out.append(Answer(known[rule_id.lower()], decision, comment or None))
    return out


def _prompt(text: str, **options: Any) -> Any:
    """``click.prompt``, unless Ctrl-C already arrived: a KeyboardInterrupt raised while
    a finaliser ran is swallowed by Python, and the review then waited for an answer
    nobody would type (seen once in CI). The signal handler records the request
    (``console.stop_requested``), so it is honoured before blocking on the terminal."""
    from qa_checker import console

    if console.stop_requested():
        raise KeyboardInterrupt
    return click.prompt(text, **options)


def _ask_reviewer(limit: int) -> str | None:
    while True:
        try:
            name = str(_prompt(msg("review.ask_reviewer"))).strip()
        except (click.Abort, KeyboardInterrupt):
            click.echo("")
            return None
        if name and len(name) <= limit:
            return name
        click.echo(msg("review.too_long", what=msg("review.label_reviewer"), length=len(name), limit=limit))


def _ask(items: list[Item], doc: Document, default_comment: str | None, limit: int) -> tuple[list[Answer], bool]:
    """Ask item by item; ``q`` stops, Ctrl-C (or end of input) stops too. Either way
    the answers given so far are returned, to be recorded. The bool: interrupted."""
    out: list[Answer] = []
    try:
        for number, item in enumerate(items, start=1):
            _show(item, doc, number, len(items))
            answer = _ask_decision()
            if answer == "quit":
                return out, False
            if answer == "skip":
                continue
            out.append(Answer(item, answer, _ask_comment(default_comment, limit)))
    except (click.Abort, KeyboardInterrupt, EOFError):
        click.echo("")
        return out, True
    return out, False


def _ask_decision() -> str:
    while True:
        raw = str(_prompt(msg("review.ask_decision"), default="s", show_default=False)).strip().lower()
        if raw in ANSWERS:
            return ANSWERS[raw]
        click.echo(msg("review.bad_answer", value=_safe(raw)))


def _ask_comment(default: str | None, limit: int) -> str | None:
    while True:
        text = str(_prompt(msg("review.ask_comment"), default=default or "", show_default=False)).strip()
        if len(text) <= limit:
            return text or None
        click.echo(msg("review.too_long", what=msg("review.label_comment"), length=len(text), limit=limit))


def _show(item: Item, doc: Document, number: int, total: int) -> None:
    """The item, its question, and what to look at: the fields the rule reads and the
    documents it found, so the reviewer need not keep the file open beside it."""
    from qa_checker.rule_inputs import inputs

    f = item.finding
    click.echo("")
    where = f"{f.file}:{f.line}"
    click.echo(msg("review.item", n=number, total=total, rule=f.rule_id, framework=f.framework, where=where))
    click.echo("  " + _safe(f.message))
    for source in inputs(item.rule):
        hits = [(p, v) for p, v in select(doc.data, source.path or "") if source.keep is None or source.keep(v)]
        if source.keep is not None:
            for _, document in hits:
                click.echo(msg("review.document", **_document(document)))
            if not hits:
                click.echo(msg("review.no_documents", which=source.label))
            continue
        if not hits:
            click.echo(msg("review.field_missing", field=human_path(source.path)))
        for pointer, value in hits:
            _show_value(pointer, value)
    if item.history:
        last = item.history[-1]
        state = msg(f"review.state.{last.state}")
        click.echo(
            msg("review.earlier", decision=last.decision, reviewer=_safe(last.reviewer), date=last.date, state=state)
        )


def _show_value(pointer: str, value: Any) -> None:
    """A field, with a list's items or a mapping's members one per line (the first
    ``SHOWN_ITEMS``), so a reviewer can read what they are judging."""
    from qa_checker.document import join

    if isinstance(value, dict | list) and value:
        children = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        for key, child in children[:SHOWN_ITEMS]:
            click.echo(msg("review.field", field=human_path(join(pointer, key)), value=_brief(child)))
        if len(children) > SHOWN_ITEMS:
            click.echo(msg("review.more", count=len(children) - SHOWN_ITEMS))
        return
    click.echo(msg("review.field", field=human_path(pointer), value=_brief(value)))


def _document(item: Any) -> dict[str, str]:
    data = item if isinstance(item, dict) else {}
    return {key: _safe(str(data.get(key) or "")) for key in ("id", "type", "title", "issuer", "date")} | {
        "ref": _safe(str(data.get("path") or data.get("url") or ""))
    }


def _brief(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    text = " ".join(text.split())
    return _safe(text if len(text) <= BRIEF else text[: BRIEF - 1] + "…")


def _safe(text: str) -> str:
    """Proposal text on a terminal: control characters (escape sequences) shown, not obeyed."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
