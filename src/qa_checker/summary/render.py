"""The intake summary as HTML (sortable, filterable, self-contained), PDF or CSV.

Submitted text reaches every format: in HTML and PDF it is clipped and made
breakable like the report's (``report/plain.soft``), because one 100,000-character
"word" made the PDF layout quadratic; in CSV it is kept whole but neutralised
against formula injection (``spreadsheet/cells.neutralise``). Every render runs under
``render_seconds`` (``render_limited``).
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from markupsafe import Markup

from qa_checker import i18n, typography
from qa_checker.clock import today
from qa_checker.errors import InputError
from qa_checker.messages import current_lang, msg
from qa_checker.paths import templates_dir
from qa_checker.report.plain import SHORT_CHARS, soft
from qa_checker.spreadsheet.cells import neutralise
from qa_checker.summary.rows import Row, Summary, clause_bars, verdict_bars

# The name the summary's errors are reported under (it has no file of its own).
SUMMARY = "summary"
# A summary cell is read at a glance: longer submitted text is clipped there (the CSV
# keeps it whole). A row taller than a page is laid out again on every page it spans,
# so an unclipped 100,000-character provider name cost minutes.
CELL_CHARS = SHORT_CHARS


def shown_row(row: Row) -> Row:
    """A row's submitted text, clipped and breakable for layout."""
    return replace(
        row,
        file=soft(row.file, CELL_CHARS),
        title=soft(row.title, CELL_CHARS),
        provider=soft(row.provider, CELL_CHARS),
        problem=soft(row.problem, CELL_CHARS) if row.problem else row.problem,
    )


def html(summary: Summary, for_print: bool = False) -> str:
    from qa_checker.report.html import environment

    folder = templates_dir()
    shown = replace(summary, rows=[shown_row(row) for row in summary.rows])
    return (
        environment()
        .get_template("summary.html.j2")
        .render(
            summary=shown,
            verdict_bars=verdict_bars(summary),
            clause_bars=clause_bars(summary),
            date=typography.date(today(), current_lang()),
            lang=i18n.tag(),
            stylesheet=Markup((folder / "summary.css").read_text(encoding="utf-8")),
            script=None if for_print else Markup((folder / "summary.js").read_text(encoding="utf-8")),
        )
    )


def pdf(summary: Summary) -> bytes:
    from qa_checker.report.fetcher import AssetFetcher
    from qa_checker.report.pdf import html_to_pdf

    return html_to_pdf(html(summary, for_print=True), AssetFetcher(templates_dir()))


def csv_text(summary: Summary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [msg("summary.col.file"), msg("summary.col.title"), msg("summary.col.provider")]
        + summary.frameworks
        + [
            msg("summary.col.open_reviews"),
            msg("summary.col.stale_rejections"),
            msg("summary.col.unsigned_applied"),
            msg("summary.col.errors"),
            msg("summary.col.warnings"),
            msg("summary.col.blocking"),
            msg("summary.col.met"),
            msg("summary.col.applicable"),
            msg("summary.col.problem"),
        ]
    )
    for row in summary.rows:
        text = [neutralise(row.file), neutralise(row.title), neutralise(row.provider)]
        if row.problem:  # nothing was counted: blank counts, not zeros, and the reason
            problem = neutralise(msg("summary.problem", problem=row.problem))
            writer.writerow(text + [""] * (len(summary.frameworks) + 8) + [problem])
            continue
        writer.writerow(
            text
            + [row.verdicts.get(fw, "") for fw in summary.frameworks]
            + [row.open_reviews, row.stale_rejections, row.unsigned_applied, row.errors, row.warnings]
            + [row.blocking, row.met, row.applicable, ""]
        )
    return out.getvalue()


def render(summary: Summary, fmt: str) -> Any:
    if fmt == "csv":
        return csv_text(summary)
    if fmt == "pdf":
        return pdf(summary)
    return html(summary)


def render_limited(summary: Summary, fmt: str, seconds: float) -> str | bytes:
    """``render`` under the render deadline; a timeout or a renderer failure becomes
    an input error naming the summary, as a report's does."""
    import os

    from qa_checker.report.deadline import RenderTimeout, deadline

    try:
        with deadline(seconds):
            body: str | bytes = render(summary, fmt)
            return body
    except RenderTimeout:
        raise InputError(SUMMARY, "summary.render_timeout", {"seconds": f"{seconds:g}"}) from None
    except Exception as exc:
        if os.environ.get("QA_CHECKER_DEBUG"):
            raise
        error = f"{type(exc).__name__}: {str(exc)[:200]}"
        raise InputError(SUMMARY, "report.render_failed", {"error": error}) from None


def write(body: str | bytes, output: str) -> None:
    """Write the summary to ``output`` (``-``: standard output, PDF bytes included)."""
    from qa_checker.atomic import failure, write_bytes

    data = body.encode("utf-8") if isinstance(body, str) else body
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        write_bytes(Path(output), data)
    except OSError as exc:
        raise failure(output, exc) from None
