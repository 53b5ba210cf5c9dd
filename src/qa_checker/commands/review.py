"""``qa-checker review``: record reviewers' decisions, by prompt or by flags."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qa_checker import reviews
from qa_checker.clock import today
from qa_checker.commands.common import framework_option, rules_option, setup
from qa_checker.errors import InputErrors
from qa_checker.findings import Finding, Status
from qa_checker.messages import msg
from qa_checker.pipeline import RunOptions, Target, check_file

if TYPE_CHECKING:
    from qa_checker.config import Config
    from qa_checker.rulesets import Catalog


def pending(path: Path, catalog: Catalog, frameworks: Sequence[str], config: Config) -> tuple[list[Finding], str]:
    """Items that need a person, judged without earlier decisions, and the file's hash."""
    options = RunOptions.of(config, frameworks, use_decisions=False)
    result = check_file(Target(path, True), catalog, options).result
    if result.errors:
        raise InputErrors(result.errors)
    items: dict[str, Finding] = {}
    for finding in result.findings:
        if finding.status is Status.NEEDS_REVIEW:
            items.setdefault(finding.rule_id, finding)
    return list(items.values()), result.sha256


@click.command("review")
@click.argument("proposal", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--decide",
    "decide",
    multiple=True,
    metavar="RULE_ID=confirmed|rejected",
    help="Record a decision without prompting (repeatable).",
)
@click.option("--comment", default=None, help="Comment stored with the decisions.")
@click.option("--reviewer", default=None, help="Who decides (name, role).")
@framework_option
@rules_option
def command(
    proposal: str,
    decide: tuple[str, ...],
    comment: str | None,
    reviewer: str | None,
    frameworks: tuple[str, ...],
    rules: tuple[str, ...],
) -> None:
    """Record reviewer decisions on the items of PROPOSAL that need review.

    Decisions go to PROPOSAL's .review.yaml file with the proposal's SHA-256, so they
    apply only to this version of it."""
    ready = setup((proposal,), rules, frameworks)
    run(Path(proposal), ready.catalog, frameworks, ready.config, decide, comment, reviewer)


def run(
    path: Path,
    catalog: Catalog,
    frameworks: Sequence[str],
    config: Config,
    decide: Sequence[str],
    comment: str | None,
    reviewer: str | None,
) -> None:
    """Ask for (or take from ``decide``) decisions on the pending items and record them;
    input errors are raised for the command-line boundary to print (exit 2)."""
    items, sha256 = pending(path, catalog, frameworks, config)
    if not items:
        click.echo(msg("review.nothing", file=path))
        return
    chosen = _from_flags(decide, items) if decide else _ask(items, comment)
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
    reviews.record(target, path.name, new)
    click.echo(msg("review.recorded", count=len(new), file=target))


def _from_flags(decide: Sequence[str], items: list[Finding]) -> list[tuple[str, str, str | None]]:
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
