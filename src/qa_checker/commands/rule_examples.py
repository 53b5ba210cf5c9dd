"""``test-rules``: run every rule's own passing and failing examples.

Named for what it does rather than ``test_rules.py``, so pytest never collects it."""

from __future__ import annotations

from pathlib import Path

import click

from qa_checker.commands.common import load_config
from qa_checker.messages import msg


@click.command("test-rules")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False))
def command(folder: str | None) -> None:
    """Run every rule's own passing and failing examples.

    FOLDER defaults to the rule folders of the repository configuration, else the
    shipped rule sets."""
    import sys

    from qa_checker import selftest
    from qa_checker.console import color_for
    from qa_checker.output.text import error_line
    from qa_checker.pipeline import CatalogSpec
    from qa_checker.rulesets import rule_files

    folders = (folder,) if folder else tuple(map(str, load_config(()).rules))
    catalog = CatalogSpec(folders).load()
    only = [p for f in folders for p in rule_files(Path(f))]
    report = selftest.run(catalog, only)
    if report.problems:
        color = color_for(sys.stdout)
        for problem in report.problems:
            click.echo(error_line(problem, color), color=True)
        click.echo(msg("cli.selftest_failed", bad=len(report.problems), rules=report.rules))
        raise SystemExit(1)
    click.echo(msg("cli.selftest_ok", rules=report.rules, examples=report.examples))
