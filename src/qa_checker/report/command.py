"""``qa-checker report``: one report per proposal, written atomically into a folder.

Like ``check``, a batch never stops at a bad file: its error is printed in the
``file:line:col: error message`` shape and the exit code becomes 2, while every other
proposal is still rendered. A report is written only after it rendered completely,
through a temporary file and a rename, so an error never leaves half a file or
replaces a good report from an earlier run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from qa_checker.config import Config
from qa_checker.errors import InputError, QaError
from qa_checker.limits import DEFAULT_LIMITS, Limits
from qa_checker.messages import msg
from qa_checker.pipeline import RunOptions, Target, expand
from qa_checker.report.checked import Checked, check_for_report
from qa_checker.report.context import ReportSettings, build_context
from qa_checker.report.deadline import RenderTimeout, deadline
from qa_checker.rulesets import Catalog


@dataclass
class ReportRequest:
    """Which files, where to, how; ``config`` is the repository configuration, which
    ``report`` honours exactly as ``check`` does (rules, frameworks, include/exclude,
    limits)."""

    paths: tuple[str, ...]
    output: Path
    settings: ReportSettings
    frameworks: tuple[str, ...] = ()
    default_frameworks: tuple[str, ...] = ()
    limits: Limits = DEFAULT_LIMITS
    config: Config | None = None


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
    data = html_to_pdf(html, fetcher, settings.variant or DEFAULT_VARIANT, log)
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


def output_path(target: Target, request: ReportRequest) -> Path:
    return request.output / f"{target.path.stem}.{request.settings.fmt}"


def _show(errors: list[QaError], color: bool) -> None:
    from qa_checker.output.text import error_line

    for error in errors:
        click.echo(error_line(error, color), err=True, color=True)


def _color() -> bool:
    return "NO_COLOR" not in os.environ and sys.stderr.isatty()


def run(catalog: Catalog, request: ReportRequest, jobs: int | None = None, source: Any = ((), {})) -> int:
    """Render every proposal; 0 when all were written, 2 when any could not be.

    With several jobs, worker processes each load the rule sets once and render their
    share; messages are printed here, in input order, as results come back."""
    if request.settings.fmt == "pdf":
        unavailable = pdf_unavailable()
        if unavailable is not None:
            click.echo(unavailable, err=True)
            return 2
    color = _color()
    expansion = expand(request.paths, request.config)
    _show(list(expansion.errors), color)
    bad, written = len(expansion.errors), 0
    claimed: dict[Path, str] = {}
    plan: list[tuple[Target, Path]] = []
    for target in expansion.targets:
        out = output_path(target, request)
        if out in claimed:
            _show(
                [InputError(str(target.path), "report.name_clash", {"output": str(out), "other": claimed[out]})], color
            )
            bad += 1
            continue
        claimed[out] = str(target.path)
        plan.append((target, out))
    # On a terminal, a batch shows a progress bar instead of one "wrote" line per report.
    bar = None
    if sys.stderr.isatty() and len(plan) >= PROGRESS_FROM:
        bar = click.progressbar(length=len(plan), label=msg("report.progress"), file=sys.stderr)
        bar.__enter__()
    try:
        for outcome in _outcomes(plan, catalog, request, jobs, source):
            if bar is not None:
                bar.update(1)
            if outcome is None:
                continue
            errors, message = outcome
            _show(errors, color)
            if message and bar is None:
                click.echo(message, err=True)
            bad += bool(errors)
            written += not errors
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(msg("report.summary", written=written, folder=str(request.output), bad=bad), err=True)
    return 2 if bad else 0


Outcome = tuple[list[QaError], str | None] | None
PROGRESS_FROM = 5


def _outcomes(
    plan: list[tuple[Target, Path]], catalog: Catalog, request: ReportRequest, jobs: int | None, source: Any
) -> Iterator[Outcome]:
    from qa_checker.parallel import effective_jobs

    workers = effective_jobs(jobs, len(plan)) if jobs is not None else 1
    if workers <= 1:
        for target, out in plan:
            yield _report_planned(target, out, catalog, request)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(source, request)) as pool:
        yield from pool.map(_work, plan, chunksize=1)


_worker: dict[str, Any] = {}


def _init_worker(source: Any, request: ReportRequest) -> None:
    from qa_checker.rulesets import load_catalog

    rule_dirs, settings = source
    _worker["catalog"] = load_catalog(tuple(Path(d) for d in rule_dirs), settings)
    _worker["request"] = request


def _work(item: tuple[Target, Path]) -> Outcome:
    return _report_planned(item[0], item[1], _worker["catalog"], _worker["request"])


def _report_planned(target: Target, out: Path, catalog: Catalog, request: ReportRequest) -> Outcome:
    """Check, render and write one proposal to ``out``: (errors, message), None if skipped."""
    options = RunOptions(
        frameworks=request.frameworks, default_frameworks=request.default_frameworks, limits=request.limits
    )
    checked = check_for_report(target, catalog, options)
    result = checked.result
    if result.skipped:
        return None
    if result.errors:
        return list(result.errors), None
    try:
        rendered = render_limited(checked, catalog, request.settings, request.limits.render_seconds)
    except InputError as exc:
        return [exc], None
    return _write_quietly(out, rendered.data, result.file)


def _write_quietly(out: Path, data: bytes, display: str) -> tuple[list[QaError], str | None]:
    from qa_checker.atomic import write_bytes

    try:
        write_bytes(out, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return [InputError(display, "report.write_failed", {"path": str(out), "reason": reason})], None
    return [], msg("report.written", path=str(out))


def pdf_unavailable() -> str | None:
    """The catalogue sentence saying why PDF cannot be made here, or None if it can."""
    from qa_checker.report.pdf import RenderUnavailable, load_weasyprint

    try:
        load_weasyprint()
    except RenderUnavailable as exc:
        return msg(exc.key, **exc.params)
    return None
