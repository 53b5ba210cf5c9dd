"""``export``: proposals → a CSV spreadsheet, or one proposal → OB3, CTDL or ELM.

``--to csv`` (the default) is the spreadsheet export (docs/csv.md). ``--to ob3|ctdl|elm``
writes one proposal in that standard, validated offline before it is written; a failing
export exits 2 with the complaint at the proposal's field and line (docs/interop.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

STANDARDS = {"ob3": "OB3", "ctdl": "CTDL", "elm": "ELM"}


@click.command("export")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--to",
    "to",
    type=click.Choice(["csv", "ob3", "ctdl", "elm"]),
    default="csv",
    show_default=True,
    help="What to write.",
)
@click.option(
    "--output", "-o", metavar="FILE", help="File to write ('-' for standard output; the default for --to ob3/ctdl/elm)."
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--check", "check_only", is_flag=True, help="Only validate the export (--to ob3/ctdl/elm); write nothing."
)
@click.option(
    "--credential", is_flag=True, help="--to ob3: write a template OpenBadgeCredential, not the bare Achievement."
)
def command(
    paths: tuple[str, ...], to: str, output: str | None, force: bool, check_only: bool, credential: bool
) -> None:
    """Write proposal files as a CSV spreadsheet (the inverse of import), or one proposal
    as an Open Badges 3.0 achievement, a CTDL credential or EU Annex I elements in ELM."""
    from qa_checker.console import show_errors
    from qa_checker.errors import InputError
    from qa_checker.messages import msg

    if to == "csv":
        if output is None:
            raise click.UsageError(msg("interop.no_output_for_csv"))
        from qa_checker.commands.export_csv import run

        raise SystemExit(run(paths, output, force))
    if len(paths) != 1:
        show_errors([InputError(paths[0], "interop.one_proposal", {"standard": to})])
        raise SystemExit(2)
    raise SystemExit(run_standard(Path(paths[0]), STANDARDS[to], output or "-", force, check_only, credential))


def run_standard(source: Path, standard: str, output: str, force: bool, check_only: bool, credential: bool) -> int:
    """Build, validate, then write (unless ``check_only``); return the exit code."""
    from qa_checker import config as configuration
    from qa_checker.console import note, say, show_errors
    from qa_checker.errors import InputError, InputErrors, QaError
    from qa_checker.interop.build import export
    from qa_checker.loader import load_document
    from qa_checker.messages import msg
    from qa_checker.validate import validate

    try:
        cfg = configuration.load(source)
        doc = load_document(source)
        proposal = validate(doc).proposal
    except (InputError, QaError) as exc:
        show_errors([exc])
        return 2
    except InputErrors as exc:
        show_errors(exc.errors)
        return 2
    outcome = export(
        standard, proposal.model_dump(mode="json", exclude_none=True), doc, cfg.interop_base_uri, credential
    )
    for line in outcome.notices:
        note(line)
    if outcome.errors:
        show_errors(outcome.errors)
        return 2
    if check_only:
        note(msg("interop.export_valid", standard=standard, file=str(source)))
        return 0
    text = json.dumps(outcome.document, indent=2, ensure_ascii=False) + "\n"
    if output == "-":
        say(text.rstrip("\n"))
        return 0
    from qa_checker.atomic import write_text

    target = Path(output)
    try:
        if target.exists() and not force:
            show_errors([InputError(output, "interop.output_exists", {"path": output})])
            return 2
        write_text(target, text)
    except OSError as exc:
        show_errors([InputError(output, "interop.unwritable", {"path": output, "reason": exc.strerror or str(exc)})])
        return 2
    return 0
