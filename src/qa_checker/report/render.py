"""Render one checked proposal: context → HTML → (PDF), under the render deadline.

The renderer's own failures on an input (a timeout, a layout error) become that file's
input error, so a batch reports them and goes on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from qa_checker.errors import InputError
from qa_checker.pipeline import Checked
from qa_checker.report.context import ReportSettings, build_context
from qa_checker.report.deadline import RenderTimeout, deadline
from qa_checker.rulesets import Catalog


@dataclass
class Rendered:
    """One render's bytes, plus what the renderer asked the fetcher for (for tests)."""

    data: bytes
    requested: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)


def render(checked: Checked, catalog: Catalog, settings: ReportSettings) -> Rendered:
    """Context → HTML → (PDF). Raises whatever the renderer raises; callers decide."""
    from qa_checker.report.html import render_html

    if checked.document is None:
        raise ValueError("only a checked proposal can be rendered")
    html = render_html(build_context(checked.result, checked.document, catalog, settings))
    if settings.fmt == "html":
        return Rendered(html.encode("utf-8"))
    from qa_checker.paths import templates_dir
    from qa_checker.report.fetcher import AssetFetcher
    from qa_checker.report.pdf import DEFAULT_VARIANT, html_to_pdf

    fetcher = AssetFetcher(templates_dir())
    log: list[str] = []
    data = html_to_pdf(html, fetcher, settings.variant or DEFAULT_VARIANT, log, tags=settings.tags)
    return Rendered(data, fetcher.requested, fetcher.refused, log)


def render_limited(checked: Checked, catalog: Catalog, settings: ReportSettings, seconds: float) -> Rendered:
    """``render`` under the time limit; any failure becomes that file's input error."""
    display = checked.result.file
    try:
        with deadline(seconds):
            return render(checked, catalog, settings)
    except RenderTimeout:
        raise InputError(display, "report.render_timeout", {"seconds": f"{seconds:g}"}) from None
    except Exception as exc:  # the renderer's own failure on this input: report it, go on
        if os.environ.get("QA_CHECKER_DEBUG"):
            raise
        error = f"{type(exc).__name__}: {str(exc)[:200]}"
        raise InputError(display, "report.render_failed", {"error": error}) from None
