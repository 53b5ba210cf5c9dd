"""``frameworks``, ``rules`` and ``explain``: what can be checked, and why each rule exists."""

from __future__ import annotations

import click

from qa_checker.commands.common import framework_option, require_frameworks, rules_option, setup
from qa_checker.console import say
from qa_checker.messages import msg

LIST_FORMATS = ("text", "json")


@click.command("frameworks")
@click.option("--format", "fmt", type=click.Choice(LIST_FORMATS), default="text", show_default=True)
@rules_option
def frameworks_command(fmt: str, rules: tuple[str, ...]) -> None:
    """List the frameworks and rule sets that can be checked."""
    from qa_checker import listing

    catalog = setup((), rules).catalog
    say(listing.frameworks_json(catalog) if fmt == "json" else listing.frameworks_text(catalog))


@click.command("rules")
@framework_option
@click.option("--format", "fmt", type=click.Choice(LIST_FORMATS), default="text", show_default=True)
@rules_option
def rules_command(frameworks: tuple[str, ...], fmt: str, rules: tuple[str, ...]) -> None:
    """List every rule with its clause, requirement and kind, optionally of some rule sets only."""
    from qa_checker import listing

    catalog = setup((), rules).catalog
    require_frameworks(catalog, frameworks)
    chosen = listing.chosen_rules(catalog, frameworks)
    say(listing.rules_json(catalog, chosen) if fmt == "json" else listing.rules_text(catalog, chosen))


@click.command("explain")
@click.argument("rule_id")
@rules_option
def explain_command(rule_id: str, rules: tuple[str, ...]) -> None:
    """Explain a rule (the clause it encodes, its source and how to satisfy it), or a
    framework (its versions and what changed between them)."""
    from qa_checker import listing

    catalog = setup((), rules).catalog
    rule = catalog.rule(rule_id)
    if rule is not None:
        say(listing.explain_text(catalog, rule))
        return
    framework = listing.framework_of(catalog, rule_id)
    if framework is None:
        raise click.UsageError(msg("cli.unknown_rule", id=rule_id))
    say(listing.framework_explain_text(catalog, framework))
