"""``schema`` and ``init``: the proposal JSON Schema for editors, and a commented template."""

from __future__ import annotations

from pathlib import Path

import click

from qa_checker.console import note, say
from qa_checker.messages import msg


@click.command("schema")
def schema_command() -> None:
    """Print the proposal JSON Schema (for editor completion and validation)."""
    import json

    from qa_checker.scaffold import proposal_schema

    say(json.dumps(proposal_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n")


@click.command("init")
@click.argument("file", required=False, default="proposal.yaml")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def init_command(file: str, force: bool) -> None:
    """Write a commented proposal template to FILE ('-' for standard output).

    A FILE ending in .json gets a JSON start (header and title; docs/fields.md lists
    the fields), since JSON cannot carry the template's comments."""
    from qa_checker.scaffold import init_template

    fmt = "json" if file.lower().endswith(".json") else "yaml"
    text = init_template(fmt)
    if file == "-":
        say(text)
        return
    from qa_checker.atomic import failure, write_text

    path = Path(file)
    try:  # an unwritable place is that file's error (exit 2), never an internal error
        if path.exists() and not force:
            note(msg("cli.init_exists", path=file))
            raise SystemExit(2)
        write_text(path, text)
    except OSError as exc:
        raise failure(file, exc) from None
    note(msg("cli.init_written_json" if fmt == "json" else "cli.init_written", path=file))
