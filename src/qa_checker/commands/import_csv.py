"""``import``: a submissions spreadsheet (CSV, one proposal per row) → proposal files."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False), help="Folder for the proposal files.")
@click.option("--force", is_flag=True, help="Replace proposal files that already exist.")
def command(file: str, output: str, force: bool) -> None:
    """Turn a submissions spreadsheet (CSV, one proposal per row) into proposal files.

    Columns and cell syntax: docs/csv.md. Exit code 0 when every row was written, 2 when
    any row could not be (the others are still written)."""
    raise SystemExit(run(Path(file), Path(output), force))


def run(source: Path, output: Path, force: bool) -> int:
    """Import, show every error, print a summary; return the exit code."""
    from qa_checker.console import note, show_errors
    from qa_checker.messages import plural
    from qa_checker.spreadsheet.importer import import_csv

    outcome = import_csv(source, output, force)
    show_errors(sorted(outcome.errors, key=lambda e: e.line or 0))
    if outcome.read:
        written, failed = len(outcome.written), outcome.failed_rows
        note(plural("csv.import_summary", written, folder=str(output), failed=plural("csv.rows_not_imported", failed)))
    return 2 if outcome.errors else 0
