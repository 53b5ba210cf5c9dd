"""The cyclic GC is paused during a PDF render and comes back as it was, however the render ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from qa_checker.report import render as render_module
from qa_checker.report.context import ReportSettings
from qa_checker.report.deadline import RenderTimeout
from qa_checker.report.render import collector_paused


@pytest.fixture(autouse=True)
def _gc_back_on() -> Iterator[None]:
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_after_a_timeout() -> None:
    gc.enable()
    with pytest.raises(RenderTimeout), collector_paused():
        raise RenderTimeout(1.0)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_the_pdf_render_runs_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    from qa_checker.report import pdf

    seen: list[bool] = []

    def fake_html_to_pdf(html: str, fetcher: object, variant: str, log: list[str], **kwargs: object) -> bytes:
        seen.append(gc.isenabled())
        return b"%PDF-"

    monkeypatch.setattr(pdf, "html_to_pdf", fake_html_to_pdf)
    monkeypatch.setattr("qa_checker.report.html.render_html", lambda context: "<html></html>")
    monkeypatch.setattr(render_module, "build_context", lambda *args: None)

    class Checked:
        document = object()
        result = None

    gc.enable()
    out = render_module.render(Checked(), None, ReportSettings())  # type: ignore[arg-type]
    assert out.data == b"%PDF-" and seen == [False] and gc.isenabled()
