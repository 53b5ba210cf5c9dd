"""``import``: a CSV spreadsheet, or an OB3 / OB 2.0 / CTDL JSON document, → proposal files.

The input decides: a ``.json`` file is read as a badge or registry document
(qa_checker.interop), anything else as the submissions spreadsheet (docs/csv.md).
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False), help="Folder for the proposal files.")
@click.option("--force", is_flag=True, help="Replace proposal files that already exist.")
def command(file: str, output: str, force: bool) -> None:
    """Turn a submissions spreadsheet (CSV, one proposal per row), or an Open Badges 3.0,
    OB 2.0 or CTDL JSON document, into proposal files.

    CSV columns: docs/csv.md; badges and CTDL: docs/interop.md. Exit code 0 when
    everything was written, 2 when anything could not be."""
    if Path(file).suffix.lower() == ".json":
        raise SystemExit(run_json(Path(file), Path(output), force))
    from qa_checker.commands.import_csv import run

    raise SystemExit(run(Path(file), Path(output), force))


def run_json(source: Path, output: Path, force: bool) -> int:
    """Import one badge or CTDL document; say what was dropped; return the exit code."""
    from qa_checker.atomic import write_text
    from qa_checker.console import note, show_errors
    from qa_checker.errors import InputError, InputErrors
    from qa_checker.interop.shape import SPECS, missing
    from qa_checker.interop.source import read, recognise
    from qa_checker.interop.yamlout import write
    from qa_checker.loader import load_document
    from qa_checker.messages import msg
    from qa_checker.output.escape import controls
    from qa_checker.pointer import human_path

    try:
        doc = load_document(source)
        detected = recognise(doc)
    except InputError as exc:
        show_errors([exc])
        return 2
    except InputErrors as exc:
        show_errors(exc.errors)
        return 2
    if detected is None:
        show_errors([InputError(str(source), "interop.not_a_badge", {}, 1, 1)])
        return 2
    mapped = read(detected, doc.data)
    where = doc.locate(detected.root)
    for name in missing(detected, doc.data):  # imported all the same: the proposal can say what the badge lacks
        params = {"standard": detected.standard, "property": name, "spec": SPECS[detected.standard]}
        note(f"{source}:{where.line}: {msg('interop.required_missing', **params)}")
    target = output / (source.stem + ".yaml")
    try:
        output.mkdir(parents=True, exist_ok=True)
        if target.exists() and not force:
            show_errors([InputError(str(target), "interop.output_exists", {"path": str(target)})])
            return 2
        write_text(target, write(mapped, source.name))
    except OSError as exc:
        show_errors(
            [InputError(str(target), "interop.unwritable", {"path": str(target), "reason": exc.strerror or str(exc)})]
        )
        return 2
    if mapped.dropped:
        note(controls(msg("interop.dropped", fields=", ".join(human_path(p) for p in mapped.dropped))))
    note(msg("interop.import_summary", path=str(target), standard=detected.standard))
    return 0
