"""``frameworks``, ``rules`` and ``explain``: what can be checked, and why each rule exists."""

from __future__ import annotations

import click

from qa_checker.commands.common import require_frameworks, rules_option, setup
from qa_checker.console import say

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
@click.option(
    "--framework",
    "-f",
    "frameworks",
    multiple=True,
    metavar="ID",
    help="List only the rules of this rule set (repeatable; `qa-checker frameworks` lists them). "
    "Default: every rule set, then qa-checker's own QA-* codes.",
)
@click.option("--format", "fmt", type=click.Choice(LIST_FORMATS), default="text", show_default=True)
@rules_option
def rules_command(frameworks: tuple[str, ...], fmt: str, rules: tuple[str, ...]) -> None:
    """List every rule with its severity, kind and title, then the tool's own QA-* codes."""
    from qa_checker import listing

    catalog = setup((), rules).catalog
    require_frameworks(catalog, frameworks)
    chosen = listing.chosen_rules(catalog, frameworks)
    with_codes = not frameworks
    if fmt == "json":
        say(listing.rules_json(catalog, chosen, with_codes))
    else:
        say(listing.rules_text(catalog, chosen) + (listing.tool_codes_text() if with_codes else ""))


@click.command("explain")
@click.argument("rule_id", metavar="ID")
@rules_option
def explain_command(rule_id: str, rules: tuple[str, ...]) -> None:
    """Explain an ID from the output: a rule (CICAN-P5.1), a clause and the rules that
    encode it (ECO-F2), a tool code (QA-UNKNOWN-FIELD), an input-error key
    (model.float_type), or a framework (its versions and what changed between them)."""
    from qa_checker import explain, listing

    catalog = setup((), rules).catalog
    text = explain.explain(catalog, rule_id)
    if text is not None:
        say(text)
        return
    framework = listing.framework_of(catalog, rule_id)
    if framework is None:
        raise click.UsageError(explain.unknown_message(catalog, rule_id))
    say(listing.framework_explain_text(catalog, framework))
