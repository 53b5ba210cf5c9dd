"""``migrate``: rewrite format 1 proposals as format 2 (docs/migrate.md).

Nothing is overwritten unless asked: one file goes to standard output, several need
``--output DIR`` (a copy per file) or ``--in-place``. Every write is atomic, so an
interrupted run leaves each file either as it was or fully migrated.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command("migrate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--in-place", is_flag=True, help="Rewrite each file where it is.")
@click.option("--output", "-o", type=click.Path(file_okay=False), help="Folder for the migrated copies.")
@click.option("--force", is_flag=True, help="With --output, replace files that already exist there.")
def command(files: tuple[str, ...], in_place: bool, output: str | None, force: bool) -> None:
    """Rewrite proposal FILES from format 1 (schema_version: 1) to format 2.

    Without --in-place or --output the one FILE is written to standard output.
    Comments are kept where the change allows; see docs/migrate.md."""
    from qa_checker.messages import msg

    if in_place and output is not None:
        raise click.UsageError(msg("migrate.both_targets"))
    if not in_place and output is None and len(files) > 1:
        raise click.UsageError(msg("migrate.needs_target"))
    raise SystemExit(run([Path(f) for f in files], in_place, Path(output) if output else None, force))


def run(files: list[Path], in_place: bool, output: Path | None, force: bool) -> int:
    """Migrate each file, report each one's outcome on stderr; the exit code (2 if any
    file could not be migrated, the others are still written)."""
    from qa_checker.atomic import failure, write_text
    from qa_checker.console import note, say, show_errors
    from qa_checker.errors import InputError, InputErrors, NotAProposal, QaError
    from qa_checker.messages import msg

    errors: list[QaError] = []
    for path in files:
        try:
            text, state = _migrated(path)
        except (InputError, NotAProposal) as exc:
            errors.append(exc)
            continue
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        if in_place and state == "current":
            note(msg("migrate.already", path=str(path)))
            continue
        target = path if in_place else (output / path.name if output is not None else None)
        if target is None:
            say(text)
        else:
            if not in_place and target.exists() and not force:
                errors.append(InputError(str(target), "migrate.exists", {"path": str(target)}))
                continue
            try:
                if output is not None:
                    output.mkdir(parents=True, exist_ok=True)
                write_text(target, text)
            except OSError as exc:
                errors.append(failure(str(target), exc))
                continue
        key = {"kept": "migrate.written", "fresh": "migrate.written_fresh", "current": "migrate.copied"}[state]
        note(msg(key, path=str(path), target=str(target) if target is not None else "-"))
    show_errors(errors)
    return 2 if errors else 0


def _migrated(path: Path) -> tuple[str, str]:
    """The file's format 2 text and how it was made: "kept" (comments kept), "fresh"
    (written anew) or "current" (already format 2, unchanged)."""
    from qa_checker.loader import load_document
    from qa_checker.migrate_text import migrated_text
    from qa_checker.validate import check_header

    doc = load_document(path, display=str(path))
    check_header(doc)
    text = path.read_text(encoding="utf-8-sig")
    if doc.data.get("schema_version") != 1:
        return text, "current"
    new, kept = migrated_text(text, doc)
    return new, "kept" if kept else "fresh"
