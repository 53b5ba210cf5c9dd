"""PDF and HTML compliance reports (issue 4): content, safety, reproducibility, tagging."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from qa_checker.findings import Status
from qa_checker.messages import msg
from qa_checker.pipeline import RunOptions, Target, check_file
from qa_checker.report.context import ReportSettings
from qa_checker.report.render import Rendered, render
from qa_checker.rulesets import Catalog, load_catalog

from conftest import EXAMPLES, HEADER, Board, run_cli

HOSTILE_TITLE = '<img src="file:///etc/hostname">'
HOSTILE_DESCRIPTION = '<link rel=attachment href="file:///etc/passwd">'
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01T00:00:00Z


def squash(text: str) -> str:
    """Text without whitespace or soft breaks: table cells wrap words at any point."""
    return re.sub(r"[\s\u200b]+", "", text)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def render_file(path: Path, catalog: Catalog, **settings: object) -> Rendered:
    checked = check_file(Target(path, True), catalog, RunOptions())
    assert checked.document is not None, checked.result.errors
    return render(checked, catalog, ReportSettings(**settings))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both examples rendered once through the real command line (default: PDF/A-3u, A4)."""
    out = tmp_path_factory.mktemp("reports")
    proc = run_cli("report", str(EXAMPLES / "complete.yaml"), str(EXAMPLES / "incomplete.yaml"), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return out


# --- Content -------------------------------------------------------------------------


def test_complete_example_states_title_and_each_verdict(reports: Path, catalog: Catalog) -> None:
    text = squash(pdf_text((reports / "complete.pdf").read_bytes()))
    assert squash("Battery-Electric Vehicle Maintenance Fundamentals") in text
    result = check_file(Target(EXAMPLES / "complete.yaml", True), catalog, RunOptions()).result
    assert result.verdicts
    # The cover lists the frameworks in order, each followed by its own verdict.
    cover = text[: text.index(squash(msg("report.matrix.heading")))]
    titles = [squash(catalog.rulesets[v.framework].framework.short_title) for v in result.verdicts]
    starts = [cover.index(title) for title in titles] + [len(cover)]
    for i, verdict in enumerate(result.verdicts):
        segment = cover[starts[i] : starts[i + 1]]
        assert squash(msg(f"verdict.{verdict.verdict.value}")) in segment, verdict.framework


def test_every_failing_rule_id_is_in_the_report(reports: Path, catalog: Catalog) -> None:
    result = check_file(Target(EXAMPLES / "incomplete.yaml", True), catalog, RunOptions()).result
    failing = {f.rule_id for f in result.findings if f.status is Status.FAIL}
    assert {"CICAN-P5.1", "CICAN-P5.3", "ECO-F4.1", "QA-UNKNOWN-FIELD"} <= failing
    text = squash(pdf_text((reports / "incomplete.pdf").read_bytes()))
    assert [rule for rule in sorted(failing) if rule not in text] == []
    assert squash(msg("verdict.does_not_meet")) in text


def test_report_has_every_part_in_order(catalog: Catalog) -> None:
    html = render_file(EXAMPLES / "complete.yaml", catalog, fmt="html").data.decode()
    keys = [
        "report.cover.frameworks",
        "report.fixes.heading",
        "report.evidence.heading",
        "report.checklist.heading",
        "report.signoff.heading",
        "report.matrix.heading",
        "report.coverage.heading",
        "report.facts.heading",
        "report.repro.heading",
    ]
    positions = [html.index(msg(key)) for key in keys]
    assert positions == sorted(positions)
    assert html.count("<svg") >= 2  # the bars and the coverage grid, inline
    assert msg("report.evidence.decision") in html and msg("report.evidence.initials") in html


def test_reproducibility_block(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from qa_checker import __version__

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH["SOURCE_DATE_EPOCH"])
    html = render_file(EXAMPLES / "complete.yaml", catalog, fmt="html").data.decode()
    assert hashlib.sha256((EXAMPLES / "complete.yaml").read_bytes()).hexdigest() in html
    assert __version__ in html
    assert "2026-01-01 00:00 UTC" in html and msg("report.repro.pinned") in html
    for ruleset in catalog.rulesets.values():
        if f"--framework {ruleset.id}" in html:
            assert f"{ruleset.id} {ruleset.version}" in html


def test_recorded_reviewer_decisions_fill_in_the_review_parts(tmp_path: Path, board: Board) -> None:
    proposal = tmp_path / "bev.yaml"
    proposal.write_bytes((EXAMPLES / "complete.yaml").read_bytes())
    decided = run_cli(
        "review",
        str(proposal),
        "--decide",
        "CICAN-P2.2=confirmed",
        "--decide",
        "CICAN-P5.4=rejected",
        "--reviewer",
        "J. Tremblay <QA>",
        "--comment",
        "Minute seen",
        *board.sign_args(),
    )
    assert decided.returncode == 0, decided.stderr
    proc = run_cli("report", str(proposal), "--format", "html", "--output", str(tmp_path / "out"), *board.trust_args())
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "out" / "bev.html").read_text()
    assert "J. Tremblay &lt;QA&gt;" in html and "<QA>" not in html
    assert msg("report.decision.confirmed") in html and msg("report.decision.rejected") in html
    assert "☒" in html  # the rejected judgement item is marked, with the decision beside it
    assert board.fingerprint in html and board.principal in html  # who signed, with which key
    assert "bev.review.yaml" in html  # the review file is part of what reproduces the report


def test_repository_configuration_applies_as_for_check(tmp_path: Path) -> None:
    (tmp_path / ".qa-checker.yaml").write_text("frameworks: [cican]\nlimits: {render_seconds: 60}\n")
    (tmp_path / "p.yaml").write_text(HEADER)
    proc = run_cli("report", "p.yaml", "--format", "html", "--output", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "out" / "p.html").read_text()
    assert "--framework cican --paper a4" in html and "--framework ecampusontario" not in html
    assert str(tmp_path / ".qa-checker.yaml") in html


# --- Security ------------------------------------------------------------------------


@pytest.fixture
def hostile(write: Callable[..., Path]) -> Path:
    return write(
        "hostile.yaml",
        HEADER.replace("title: Test proposal", f"title: '{HOSTILE_TITLE}'")
        + f"description: '{HOSTILE_DESCRIPTION} {{{{ 7*7 }}}} </style><script>x()</script>'\n"
        + "code: '{% raw %}{{ config }}'\n"
        + "provider: {name: \"<a href='file:///etc/passwd'>p</a>\"}\n"
        + "languages: ['en\"><img src=x>']\n"
        + "evidence:\n  - {id: E1, type: qa_approval, title: '<object data=\"file:///etc/passwd\">', url: 'file:///etc/passwd'}\n"
        + "learning_outcomes:\n  - {id: LO1, statement: '"
        + "W" * 30_000
        + "'}\n",
    )


def test_hostile_proposal_renders_as_inert_text(hostile: Path, catalog: Catalog) -> None:
    rendered = render_file(hostile, catalog)
    text = pdf_text(rendered.data)
    assert squash(HOSTILE_TITLE) in squash(text)
    assert squash(HOSTILE_DESCRIPTION) in squash(text)
    assert "{{7*7}}" in squash(text) and "{{config}}" in squash(text)
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    if len(hostname) >= 4:
        assert hostname not in text
    assert "root:x:0:0" not in text and "/bin/bash" not in text
    reader = pypdf.PdfReader(io.BytesIO(rendered.data))
    assert reader.attachments == {}
    root = reader.trailer["/Root"]
    assert "/AF" not in root and "/EmbeddedFiles" not in root.get("/Names", {})
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            assert annot.get_object().get("/Subtype") != "/FileAttachment"
    # The renderer asked for nothing at all outside the packaged assets.
    assert rendered.requested == [] or all(url.startswith("qa-asset:") for url in rendered.requested)
    assert rendered.refused == []


def test_hostile_proposal_html_is_escaped(hostile: Path, catalog: Catalog) -> None:
    html = render_file(hostile, catalog, fmt="html").data.decode()
    assert "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in html
    assert "&lt;link rel=attachment" in html
    assert not re.search(r"<(img|link|script|object|a href=.file)", html, re.I)
    assert '<h1 id="cover-title">' in html  # an invalid language tag is not put into lang=""
    assert "{{ 7*7 }}" in html  # shown, never evaluated


def test_fetcher_serves_packaged_assets_only() -> None:
    from qa_checker.paths import templates_dir
    from qa_checker.report.fetcher import AssetFetcher, RefusedURL

    fetcher = AssetFetcher(templates_dir())
    assert fetcher.fetch("qa-asset:report.css").read().startswith(b"/*")
    refused = [
        "file:///etc/passwd",
        "http://example.invalid/x.css",
        "https://example.invalid/x.png",
        "data:text/css,body{}",
        "qa-asset:../../../etc/passwd",
        "qa-asset:/../pyproject.toml",
        "qa-asset:%2e%2e/%2e%2e/etc/passwd",
        "qa-asset:messages/en/report.yaml",
        "ftp://example.invalid/x",
        "report.css",
    ]
    for url in refused:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert fetcher.refused == refused and fetcher.served == ["qa-asset:report.css"]
    assert fetcher.handle_open == {}  # no urllib handler: nothing can be opened behind its back


def test_renderer_goes_through_the_fetcher_and_gets_nothing_outside() -> None:
    """Even raw markup (as if escaping had failed) cannot reach files, network or data: URLs."""
    from qa_checker.paths import templates_dir
    from qa_checker.report.fetcher import AssetFetcher
    from qa_checker.report.pdf import html_to_pdf

    fetcher = AssetFetcher(templates_dir())
    html = (
        '<html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="http://example.invalid/evil.css">'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="qa-asset:report.css"></head><body>'
        '<img src="file:///etc/hostname" alt="h"><img src="data:image/svg+xml,<svg/>" alt="d">'
        '<p style="background: url(https://example.invalid/b.png)">x</p></body></html>'
    )
    data = html_to_pdf(html, fetcher)
    assert set(fetcher.refused) >= {
        "http://example.invalid/evil.css",
        "file:///etc/passwd",
        "file:///etc/hostname",
        "https://example.invalid/b.png",
    }
    assert any(url.startswith("data:") for url in fetcher.refused)
    assert fetcher.served == ["qa-asset:report.css"]
    assert pypdf.PdfReader(io.BytesIO(data)).attachments == {}
    assert "root:x:0:0" not in pdf_text(data)


# --- Reproducibility -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_same_input_same_bytes_with_source_date_epoch(fmt: str, tmp_path: Path) -> None:
    outputs = []
    for name in ("one", "two"):
        out = tmp_path / name
        proc = run_cli("report", str(EXAMPLES / "complete.yaml"), "--format", fmt, "--output", str(out), env=EPOCH)
        assert proc.returncode == 0, proc.stderr
        outputs.append((out / f"complete.{fmt}").read_bytes())
    assert outputs[0] == outputs[1]
    if fmt == "pdf":
        assert pypdf.PdfReader(io.BytesIO(outputs[0])).metadata["/CreationDate"] == "D:20260101000000Z"


# --- Accessibility, archiving, print ----------------------------------------------------


def assert_tagged(data: bytes, title: str, lang: str = "en") -> pypdf.PdfReader:
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == lang
    assert title in reader.metadata["/Title"]
    return reader


def test_default_pdf_is_tagged_pdf_a_3u_on_a4(reports: Path) -> None:
    data = (reports / "complete.pdf").read_bytes()
    reader = assert_tagged(data, "Battery-Electric Vehicle Maintenance Fundamentals")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp or b"<pdfaid:part>3</pdfaid:part>" in xmp
    assert b"U" in re.search(rb"pdfaid:conformance\W+(\w)", xmp).group(1)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)


def test_pdf_ua_on_letter_with_french_text(write: Callable[..., Path], catalog: Catalog) -> None:
    title = "Évaluation des compétences en soudure, niveau avancé"
    path = write("fr.yaml", HEADER.replace("Test proposal", title) + "languages: [fr-CA]\n")
    data = render_file(path, catalog, paper="letter", variant="pdf/ua-1").data
    reader = assert_tagged(data, title)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfuaid" in xmp
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (612, 792)
    assert squash(title) in squash(pdf_text(data))


def test_running_header_and_page_numbers(reports: Path) -> None:
    reader = pypdf.PdfReader(reports / "complete.pdf")
    total = len(reader.pages)
    assert total > 2
    second = squash(reader.pages[1].extract_text())
    assert squash("Battery-Electric Vehicle Maintenance Fundamentals") in second
    assert squash(f"{msg('report.page.before')}2{msg('report.page.between')}{total}") in second


def test_autoescape_is_explicitly_on() -> None:
    from jinja2 import StrictUndefined

    from qa_checker.report.html import environment

    env = environment()
    assert env.autoescape is True
    assert env.undefined is StrictUndefined


# --- Command line ---------------------------------------------------------------------


def test_bad_file_is_reported_and_the_rest_rendered(write: Callable[..., Path], tmp_path: Path) -> None:
    broken = write("broken.yaml", HEADER + "instructional_hours: forty\n")
    out = tmp_path / "out"
    proc = run_cli(
        "report",
        str(broken),
        str(EXAMPLES / "complete.yaml"),
        str(tmp_path / "nope.yaml"),
        "--format",
        "html",
        "--output",
        str(out),
    )
    assert proc.returncode == 2
    assert f"{broken}:4:" in proc.stderr and "nope.yaml" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (out / "complete.html").is_file()
    assert not (out / "broken.html").exists()


def test_same_file_name_twice_is_an_error_not_an_overwrite(write: Callable[..., Path], tmp_path: Path) -> None:
    first = write("a/proposal.yaml", HEADER)
    second = write("b/proposal.yaml", HEADER.replace("Test proposal", "Other"))
    out = tmp_path / "out"
    proc = run_cli("report", str(first), str(second), "--format", "html", "--output", str(out))
    assert proc.returncode == 2
    assert str(second) in proc.stderr
    assert "Test proposal" in (out / "proposal.html").read_text()


def test_failed_render_never_replaces_an_earlier_report(tmp_path: Path) -> None:
    folder = tmp_path / "intake"
    folder.mkdir()
    (folder / "complete.yaml").write_bytes((EXAMPLES / "complete.yaml").read_bytes())
    (folder / ".qa-checker.yaml").write_text("limits:\n  render_seconds: 0.01\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "complete.pdf").write_bytes(b"earlier report")
    proc = run_cli("report", str(folder / "complete.yaml"), "--output", str(out))
    assert proc.returncode == 2
    assert (out / "complete.pdf").read_bytes() == b"earlier report"
    assert [p.name for p in out.iterdir()] == ["complete.pdf"]  # no temporary file left
    assert "0.01 seconds" in proc.stderr


def test_missing_library_is_a_clear_message_not_a_traceback(tmp_path: Path) -> None:
    import subprocess

    code = (
        "import sys; sys.modules['weasyprint'] = None\n"
        "from qa_checker.cli import main\n"
        f"sys.argv = ['qa-checker', 'report', {str(EXAMPLES / 'complete.yaml')!r}, '--output', {str(tmp_path)!r}]\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "qa-checker doctor" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert list(tmp_path.iterdir()) == []


# --- Pictures ----------------------------------------------------------------------------


def _grey(match: re.Match[str]) -> str:
    """A colour as a photocopier sees it: luminance, in coarse steps."""
    r, g, b = (int(match.group(1)[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return f"grey{round((0.2126 * r + 0.7152 * g + 0.0722 * b) * 4)}"


def test_chart_states_stay_distinct_in_greyscale(catalog: Catalog) -> None:
    """Each state's fill, seen as grey levels, differs in shade or in pattern shape."""
    from qa_checker.report.svg import SEGMENTS

    html = render_file(EXAMPLES / "complete.yaml", catalog, fmt="html").data.decode()
    seen = {}
    for kind in SEGMENTS:
        fill = re.search(rf'<rect data-kind="{kind}"[^>]* fill="([^"]+)"', html).group(1)
        if fill.startswith("url(#"):
            pattern = re.search(rf'<pattern id="{fill[5:-1]}".*?</pattern>', html, re.S).group()
            fill = pattern.replace(fill[5:-1], "")
        seen[kind] = re.sub(r"#([0-9a-f]{6})", _grey, fill)
    assert len(set(seen.values())) == len(SEGMENTS), seen


def test_bar_geometry_fills_the_bar() -> None:
    from qa_checker.findings import FrameworkVerdict, Verdict
    from qa_checker.report.svg import SEGMENTS, bar_chart

    counts = FrameworkVerdict("x", Verdict.MEETS, errors=2, warnings=1, infos=1, needs_review=3, waived=1, passed=9)
    long_name = "A framework with a rather long name indeed, and then some more words"
    chart = bar_chart(
        [("A framework with a rather long name indeed", counts), (long_name, counts)], {k: k for k in SEGMENTS}
    )
    bar = chart.bars[0]
    # A long name wraps onto a second line instead of being cut; only what still does
    # not fit on two lines is cut, with an ellipsis.
    assert bar.total == 17 and bar.lines == ("A framework with a rather", "long name indeed")
    assert len(chart.bars[1].lines) == 2 and chart.bars[1].lines[1].endswith("…")
    assert sum(s.width for s in bar.segments) == pytest.approx(chart.bar_width, abs=0.05)
    assert [s.kind for s in bar.segments] == list(SEGMENTS)


def test_short_clause_labels() -> None:
    from qa_checker.report.sections import short_labels

    assert short_labels(["CICAN-P1", "CICAN-P2"]) == {"CICAN-P1": "P1", "CICAN-P2": "P2"}
    assert short_labels(["GP-1", "GP-10"]) == {"GP-1": "1", "GP-10": "10"}
    assert short_labels(["A", "B"]) == {"A": "A", "B": "B"}
    assert short_labels(["ONLY-1"]) == {"ONLY-1": "ONLY-1"}
