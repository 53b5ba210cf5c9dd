"""PDF variants and tags are a choice; the defaults stay archival and tagged; GC pauses for the render.

The fake WeasyPrint records what ``html_to_pdf`` asks of it, so these tests run in
milliseconds; one real render checks that the fast choices really leave out the tags
and the PDF/A identification.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pypdf
import pytest

from qa_checker.report import pdf
from qa_checker.report.deadline import RenderTimeout
from qa_checker.report.pdf import collector_paused, html_to_pdf
from qa_checker.report.repro import command_line

from conftest import EXAMPLES, run_cli


@pytest.fixture(autouse=True)
def _gc_back_on() -> Iterator[None]:
    yield
    gc.enable()


class _FakeWeasyPrint:
    """Records the arguments of ``write_pdf`` and whether the collector ran meanwhile."""

    def __init__(self, fail: BaseException | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.fail = fail

    def HTML(self, **kwargs: Any) -> Any:
        def write_pdf(**options: Any) -> bytes:
            self.calls.append({**options, "gc_enabled": gc.isenabled()})
            if self.fail is not None:
                raise self.fail
            return b"%PDF-fake"

        return SimpleNamespace(write_pdf=write_pdf)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> _FakeWeasyPrint:
    engine = _FakeWeasyPrint()
    monkeypatch.setattr(pdf, "load_weasyprint", lambda: engine)
    return engine


def test_the_default_is_tagged_pdf_a_3u_rendered_with_the_collector_paused(fake: _FakeWeasyPrint) -> None:
    gc.enable()
    assert html_to_pdf("<p>x</p>", fetcher=None) == b"%PDF-fake"  # type: ignore[arg-type]
    (call,) = fake.calls
    assert call["pdf_variant"] == "pdf/a-3u" and call["pdf_tags"] is True and call["attachments"] == []
    assert call["gc_enabled"] is False
    assert gc.isenabled()


def test_plain_and_untagged_are_choices(fake: _FakeWeasyPrint) -> None:
    html_to_pdf("<p>x</p>", None, "none", tags=False)  # type: ignore[arg-type]
    html_to_pdf("<p>x</p>", None, "pdf/a-3u", tags=False)  # type: ignore[arg-type]
    assert [(c["pdf_variant"], c["pdf_tags"]) for c in fake.calls] == [(None, False), ("pdf/a-3u", False)]


def test_pdf_ua_cannot_be_untagged(fake: _FakeWeasyPrint) -> None:
    with pytest.raises(ValueError, match="tagged"):
        html_to_pdf("<p>x</p>", None, "pdf/ua-1", tags=False)  # type: ignore[arg-type]
    assert fake.calls == []


def test_the_collector_comes_back_when_the_render_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _FakeWeasyPrint(fail=RenderTimeout(1.0))
    monkeypatch.setattr(pdf, "load_weasyprint", lambda: engine)
    gc.enable()
    with pytest.raises(RenderTimeout):
        html_to_pdf("<p>x</p>", None)  # type: ignore[arg-type]
    assert engine.calls[0]["gc_enabled"] is False and gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_repro_command_names_the_choice_only_when_not_the_default() -> None:
    result: Any = SimpleNamespace(file="p.yaml", verdicts=[])
    tagged = command_line(result, "pdf", "a4", "pdf/a-3u", ())
    assert "--no-pdf-tags" not in tagged and tagged.endswith("--pdf-variant pdf/a-3u")
    plain = command_line(result, "pdf", "a4", "none", (), tags=False)
    assert plain.endswith("--pdf-variant none --no-pdf-tags")


def test_cli_refuses_untagged_pdf_ua(tmp_path: Path) -> None:
    proc = run_cli(
        "report", str(EXAMPLES / "complete.yaml"), "-o", str(tmp_path), "--pdf-variant", "pdf/ua-1", "--no-pdf-tags"
    )
    assert proc.returncode == 2
    assert "PDF/UA-1 is a standard for tagged PDF" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def _catalog(path: Path) -> Any:
    """The PDF's document catalogue (``/Root``), where tags and PDF/A metadata hang."""
    return pypdf.PdfReader(path).trailer["/Root"].get_object()


def test_a_plain_untagged_report_has_neither_tags_nor_pdf_a(tmp_path: Path) -> None:
    proc = run_cli(
        "report", str(EXAMPLES / "complete.yaml"), "-o", str(tmp_path), "--pdf-variant", "none", "--no-pdf-tags"
    )
    assert proc.returncode == 0, proc.stderr
    root = _catalog(tmp_path / "complete.pdf")
    assert "/StructTreeRoot" not in root and "/MarkInfo" not in root
    assert "/OutputIntents" not in root
    metadata = root.get("/Metadata")
    assert metadata is None or b"pdfaid" not in metadata.get_object().get_data()
    assert root["/Lang"]  # the language stays: it costs nothing


def test_the_default_report_is_tagged_pdf_a(tmp_path: Path) -> None:
    """The other side of the test above: what the defaults keep."""
    proc = run_cli("report", str(EXAMPLES / "complete.yaml"), "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    root = _catalog(tmp_path / "complete.pdf")
    assert "/StructTreeRoot" in root and "/MarkInfo" in root and "/OutputIntents" in root
    assert b"pdfaid" in root["/Metadata"].get_object().get_data()
