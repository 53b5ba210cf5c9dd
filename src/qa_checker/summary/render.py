"""The intake summary as HTML (sortable, filterable, self-contained), PDF or CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from markupsafe import Markup

from qa_checker.clock import today
from qa_checker.messages import msg
from qa_checker.paths import templates_dir
from qa_checker.summary.rows import Summary, clause_bars, verdict_bars


def html(summary: Summary, for_print: bool = False) -> str:
    from qa_checker.report.html import environment

    folder = templates_dir()
    return (
        environment()
        .get_template("summary.html.j2")
        .render(
            summary=summary,
            verdict_bars=verdict_bars(summary),
            clause_bars=clause_bars(summary),
            date=today().isoformat(),
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
            msg("summary.col.problem"),
        ]
    )
    for row in summary.rows:
        if row.problem:  # nothing was counted: blank counts, not zeros, and the reason
            writer.writerow(
                [row.file, row.title, row.provider]
                + [""] * (len(summary.frameworks) + 5)
                + [msg("summary.problem", problem=row.problem)]
            )
            continue
        writer.writerow(
            [row.file, row.title, row.provider]
            + [row.verdicts.get(fw, "") for fw in summary.frameworks]
            + [row.open_reviews, row.stale_rejections, row.unsigned_applied, row.errors, row.warnings, ""]
        )
    return out.getvalue()


def render(summary: Summary, fmt: str) -> Any:
    if fmt == "csv":
        return csv_text(summary)
    if fmt == "pdf":
        return pdf(summary)
    return html(summary)
