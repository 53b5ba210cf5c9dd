"""HTML to PDF with WeasyPrint: tagged, titled, archivable.

PDF/A-3u is the default because QA boards archive what they file; PDF/UA-1 is there
for boards that publish. Both are tagged (structure tree, ``/MarkInfo``) by default,
carry the document language and title from the HTML, and embed no attachments.
``none`` (plain PDF) and untagged output are choices for drafts, never defaults: they
save time (docs/reports.md gives the measured cost) and lose archiving or screen-reader
structure. PDF/UA-1 cannot be untagged. WeasyPrint is
imported only here, and a missing system library (Pango, HarfBuzz, fontconfig)
becomes ``RenderUnavailable`` with a readable message, never a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import warnings
from collections.abc import Iterator
from importlib import metadata
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa_checker.report.fetcher import AssetFetcher

VARIANTS: tuple[str, ...] = ("pdf/a-3u", "pdf/ua-1", "none")
DEFAULT_VARIANT = "pdf/a-3u"
NEEDS_TAGS: frozenset[str] = frozenset({"pdf/ua-1"})  # the standard is about the tags
MIN_WEASYPRINT = 70


class RenderUnavailable(Exception):
    """The PDF path cannot work on this machine; ``key`` names the catalogue message."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _major(version: str) -> int:
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def load_weasyprint() -> ModuleType:
    """Import WeasyPrint or explain, in one sentence, why the PDF path cannot run.

    WeasyPrint prints its own banner to standard output when a library is missing;
    that is captured so a user sees our message (and ``qa-checker doctor``) instead.
    """
    try:
        version = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        raise RenderUnavailable("report.weasyprint_missing") from None
    if _major(version) < MIN_WEASYPRINT:
        raise RenderUnavailable("report.weasyprint_old", version=version, minimum=MIN_WEASYPRINT)
    try:
        # WeasyPrint prints a banner and warns (no fonts) on import; our own message,
        # and ``qa-checker doctor``, say it better.
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), _library_loading():
            warnings.simplefilter("ignore")
            import weasyprint
    except (OSError, ImportError) as exc:
        raise RenderUnavailable("report.library_missing", error=str(exc).splitlines()[0][:300]) from None
    return weasyprint  # type: ignore[no-any-return]


def _library_loading() -> contextlib.AbstractContextManager[None]:
    """By soname where ``libs.plan`` allows it (0.2 s less per process), else unchanged."""
    import sys

    if "weasyprint" in sys.modules:
        return contextlib.nullcontext()
    from qa_checker.report.libs import plan, soname_loading

    return soname_loading(plan())


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def renderer_log() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings (refused URLs, CSS it ignored) for tests and debugging."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic GC in the block; the collector's previous state comes back however it ends.

    WeasyPrint's layout allocates millions of objects and few cycles, so the collector
    mostly re-scans a growing heap for nothing: with the CLI's thresholds, 0.09–0.12 s
    of GC a report of the complete example without this pause, 0.06–0.08 s with it, and
    peak memory 148 → 116 MB over four reports (docs/reports.md, "Speed"). Reference
    counting still frees almost everything; the cycles a render leaves go at the next
    collection after it, and a render is bounded by the deadline."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def html_to_pdf(
    html: str,
    fetcher: AssetFetcher,
    variant: str = DEFAULT_VARIANT,
    log: list[str] | None = None,
    tags: bool = True,
) -> bytes:
    """Render ``html``; every URL goes through ``fetcher``; no attachments are added.

    ``variant`` "none" is a plain PDF; ``tags`` False leaves out the structure tree."""
    from qa_checker.report.fetcher import BASE_URL

    if variant not in VARIANTS:
        raise ValueError(f"unsupported PDF variant {variant!r}")
    if not tags and variant in NEEDS_TAGS:
        raise ValueError(f"{variant} needs a tagged PDF")
    weasyprint = load_weasyprint()
    with renderer_log() as messages, collector_paused():
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher, media_type="print")
        pdf_variant = None if variant == "none" else variant
        data = document.write_pdf(pdf_variant=pdf_variant, pdf_tags=tags, attachments=[])
    if log is not None:
        log.extend(messages)
    return bytes(data)


def unavailable() -> str | None:
    """The catalogue sentence saying why PDF cannot be made here, or None if it can.

    Checked once per command, before any rendering: WeasyPrint must import, and
    fontconfig must know the report font, asked in a child process because without
    fonts the renderer crashes the whole process instead of raising."""
    from qa_checker.messages import msg
    from qa_checker.report.probe import FONT_FAMILY, FONT_PACKAGE, run_probe

    try:
        load_weasyprint()
    except RenderUnavailable as exc:
        return msg(exc.key, **exc.params)
    probe = run_probe()
    if probe.crashed is not None:
        return msg("report.probe_crashed", signal=probe.crashed, package=FONT_PACKAGE)
    if not probe.fonts_ok:
        return msg("report.no_fonts", family=FONT_FAMILY, package=FONT_PACKAGE)
    return None
