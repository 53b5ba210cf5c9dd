"""``test-rules``: run every rule's own passing and failing examples.

Named for what it does rather than ``test_rules.py``, so pytest never collects it."""

from __future__ import annotations

from pathlib import Path

import click

from qa_checker.commands.common import load_config
from qa_checker.messages import msg, plural


@click.command("test-rules")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def command(paths: tuple[str, ...]) -> None:
    """Run every rule's own passing and failing examples.

    PATHS are rule folders or rule-set files (the pre-commit hook passes the staged
    files); a framework file stands for the rule sets of its folder. Without PATHS: the
    rule folders of the repository configuration, else the shipped rule sets."""
    import sys

    from qa_checker import selftest
    from qa_checker.console import color_for, show_warnings
    from qa_checker.output.text import error_line
    from qa_checker.pipeline import CatalogSpec

    folders, only = selftest.targets(tuple(Path(p) for p in paths), load_config(()).rules)
    catalog = CatalogSpec(tuple(map(str, folders))).load()
    show_warnings(catalog.warnings)
    report = selftest.run(catalog, only)
    if report.problems:
        color = color_for(sys.stdout)
        for problem in report.problems:
            click.echo(error_line(problem, color), color=True)
        click.echo(plural("cli.selftest_failed", len(report.problems), rules=plural("cli.rules_tested", report.rules)))
        raise SystemExit(1)
    click.echo(msg("cli.selftest_ok", rules=report.rules, examples=report.examples))
