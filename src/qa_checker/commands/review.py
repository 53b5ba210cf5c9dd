"""``qa-checker review``: record reviewers' decisions, by prompt or by flags."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from qa_checker import reviews
from qa_checker.clock import today
from qa_checker.errors import InputError, InputErrors
from qa_checker.findings import Finding, Status
from qa_checker.messages import msg
from qa_checker.pipeline import RunOptions, Target, check_file


def pending(path: Path, catalog: Any, frameworks: Sequence[str], config: Any) -> tuple[list[Finding], str]:
    """Items that need a person, judged without earlier decisions, and the file's hash."""
    options = RunOptions(
        frameworks=frameworks, limits=config.limits, default_frameworks=config.frameworks, use_decisions=False
    )
    result = check_file(Target(path, True), catalog, options)
    if result.errors:
        raise InputErrors(result.errors)
    items: dict[str, Finding] = {}
    for finding in result.findings:
        if finding.status is Status.NEEDS_REVIEW:
            items.setdefault(finding.rule_id, finding)
    return list(items.values()), result.sha256


def run(
    path: Path,
    catalog: Any,
    frameworks: Sequence[str],
    config: Any,
    decide: Sequence[str],
    comment: str | None,
    reviewer: str | None,
    fail: Callable[[Sequence[Any]], None],
) -> None:
    try:
        items, sha256 = pending(path, catalog, frameworks, config)
    except InputErrors as exc:
        fail(exc.errors)
        return
    except InputError as exc:
        fail([exc])
        return
    if not items:
        click.echo(msg("review.nothing", file=path))
        return
    chosen = _from_flags(decide, items, path, fail) if decide else _ask(items, comment)
    if not chosen:
        click.echo(msg("review.none_recorded"))
        return
    if not reviewer:
        if decide or not sys.stdin.isatty():
            raise click.UsageError(msg("review.reviewer_needed"))
        reviewer = click.prompt(msg("review.ask_reviewer"))
    date = today().isoformat()
    new = [
        {
            "rule": rule_id,
            "decision": decision,
            "reviewer": reviewer,
            "date": date,
            "proposal_sha256": sha256,
            "comment": note if note is not None else comment,
        }
        for rule_id, decision, note in chosen
    ]
    target = reviews.sidecar(path)
    try:
        reviews.record(target, path.name, new)
    except InputErrors as exc:
        fail(exc.errors)
    except InputError as exc:
        fail([exc])
    click.echo(msg("review.recorded", count=len(new), file=target))


def _from_flags(
    decide: Sequence[str], items: list[Finding], path: Path, fail: Callable[[Sequence[Any]], None]
) -> list[tuple[str, str, str | None]]:
    known = {f.rule_id.lower(): f.rule_id for f in items}
    out: list[tuple[str, str, str | None]] = []
    for raw in decide:
        rule_id, _, decision = raw.partition("=")
        if decision not in ("confirmed", "rejected"):
            raise click.UsageError(msg("review.bad_decide", value=raw))
        if rule_id.lower() not in known:
            raise click.UsageError(msg("review.not_pending", rule=rule_id, pending=", ".join(sorted(known.values()))))
        out.append((known[rule_id.lower()], decision, None))
    return out


def _ask(items: list[Finding], comment: str | None) -> list[tuple[str, str, str | None]]:
    if not sys.stdin.isatty():
        raise click.UsageError(msg("review.not_interactive"))
    out = []
    for finding in items:
        click.echo("")
        click.echo(
            msg(
                "review.item", rule=finding.rule_id, framework=finding.framework, where=f"{finding.file}:{finding.line}"
            )
        )
        click.echo("  " + finding.message)
        choice = click.prompt(
            msg("review.ask_decision"), type=click.Choice(["c", "r", "s"]), default="s", show_choices=True
        )
        if choice == "s":
            continue
        note = click.prompt(msg("review.ask_comment"), default=comment or "", show_default=False) or None
        out.append((finding.rule_id, "confirmed" if choice == "c" else "rejected", note))
    return out
