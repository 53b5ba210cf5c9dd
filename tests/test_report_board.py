"""A report a board files (issue 14, item 6): what it acts on first, each thing once,
short enough to read, and free of the layout faults testers found."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from qa_checker import gaps
from qa_checker.findings import Status
from qa_checker.messages import msg
from qa_checker.pipeline import Checked, RunOptions, Target, check_file
from qa_checker.report.context import ReportSettings, build_context
from qa_checker.report.render import render
from qa_checker.rulesets import Catalog, load_catalog

from conftest import EXAMPLES, run_cli

LISTINGS = Path(__file__).parent / "data" / "listings"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def checked(path: Path, catalog: Catalog) -> Checked:
    result = check_file(Target(path, True), catalog, RunOptions())
    assert result.document is not None, result.result.errors
    return result


def pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def pdfs(catalog: Catalog) -> dict[str, list[str]]:
    """Page texts of the two reports the issue sets page targets for."""
    out = {}
    for name, path in (("complete", EXAMPLES / "complete.yaml"), ("thin", LISTINGS / "two-sentence.yaml")):
        out[name] = pages(render(checked(path, catalog), catalog, ReportSettings()).data)
    return out


def html(path: Path, catalog: Catalog, **settings: object) -> str:
    return render(checked(path, catalog), catalog, ReportSettings(fmt="html", **settings)).data.decode()  # type: ignore[arg-type]


# --- Length ------------------------------------------------------------------------------


def test_complete_example_fits_in_eight_pages_and_a_thin_listing_in_six(pdfs: dict[str, list[str]]) -> None:
    assert len(pdfs["complete"]) <= 8
    assert len(pdfs["thin"]) <= 6


def test_full_restores_every_clause_row(catalog: Catalog) -> None:
    """The default collapses passing and not-applicable clauses into one line of IDs;
    ``--full`` shows each of them with its findings, as before."""
    compact = html(EXAMPLES / "complete.yaml", catalog)
    full = html(EXAMPLES / "complete.yaml", catalog, full=True)
    passes = msg("report.state.pass")
    assert full.count(passes) > compact.count(passes) + 20
    assert "--full" in full and "--full" not in compact.split(msg("report.repro.heading"))[1]


def test_an_unclaimed_framework_takes_one_line(catalog: Catalog) -> None:
    page = html(EXAMPLES / "complete.yaml", catalog)
    peqab = catalog.rulesets["peqab-omc"].framework
    matrix = page[page.index(msg("report.matrix.heading")) :]
    # Named in the matrix, but none of its clauses is listed anywhere after it.
    assert peqab.short_title in matrix
    assert not any(f">{cid}<" in matrix or f"{cid} " in matrix for cid in peqab.clauses)


# --- What to fix --------------------------------------------------------------------------


def test_what_to_fix_lists_each_gap_once_most_clauses_first(catalog: Catalog) -> None:
    path = LISTINGS / "two-sentence.yaml"
    result = checked(path, catalog)
    context = build_context(result.result, result.document, catalog, ReportSettings(fmt="html"))  # type: ignore[arg-type]
    found = gaps.group(result.result.findings, Status.FAIL)
    assert len(context.fixes) == len(found) > 5
    assert [f.clauses for f in context.fixes] == sorted((f.clauses for f in context.fixes), reverse=True)
    # Every failing rule is listed, and no gap names a rule twice.
    failing = {f.rule_id for f in result.result.findings if f.status is Status.FAIL}
    assert {rule for fix in context.fixes for b in fix.blocked for rule in b.rules} == failing
    for fix in context.fixes:
        rules = [rule for b in fix.blocked for rule in b.rules]
        assert len(rules) == len(set(rules))
    # The widest gap (the digital credential) blocks clauses in two frameworks.
    assert len(context.fixes[0].blocked) >= 2


def test_a_per_item_gap_lists_its_items_with_their_lines(catalog: Catalog) -> None:
    page = html(LISTINGS / "fifteen-outcomes.yaml", catalog)
    fixes = page[page.index(msg("report.fixes.heading")) : page.index(msg("report.evidence.heading"))]
    assert msg("report.fixes.items", count=15) in fixes
    assert re.search(r"learning_outcomes\u200b\[14\] \(l\. \d+\)", fixes)


# --- Evidence ---------------------------------------------------------------------------


def test_each_document_is_listed_once_with_the_rules_it_supports(catalog: Catalog) -> None:
    page = html(EXAMPLES / "complete.yaml", catalog)
    evidence = page[page.index(msg("report.evidence.heading")) : page.index(msg("report.checklist.heading"))]
    documents = evidence[: evidence.index(msg("report.evidence.checks"))]
    for title in ("Letter of support and assessment partnership", "Durham Region automotive workforce survey"):
        assert documents.count(title) == 1, title
    # E3 supports five rules in four frameworks, named in its one row.
    row = documents[documents.index("Letter of support and assessment partnership") :].split("</tr>")[0]
    for rule in ("BC-C4.3", "CICAN-P3.3", "ECO-F6.2", "ECO-P1.3", "GP-3.2"):
        assert rule in row


# --- Layout faults (usability findings A2) ------------------------------------------------------


def test_backticks_in_rule_text_print_as_code_not_literally(catalog: Catalog) -> None:
    page = html(EXAMPLES / "incomplete.yaml", catalog)
    body = page[page.index("<main>") :]
    assert "<code>" in body
    assert "`" not in re.sub(r"<[^>]+>", "", body)


def test_code_spans_keep_proposal_text_inert() -> None:
    from qa_checker.report.html import code_spans

    assert str(code_spans("set `<img src=x>` & go")) == "set <code>&lt;img src=x&gt;</code> &amp; go"


def test_words_are_not_broken_inside(pdfs: dict[str, list[str]]) -> None:
    """Column widths fit the words they hold: "recommended", "review", "Blocking" stay whole."""
    text = "\n".join(pdfs["thin"])
    for word in ("(recommended)", "Blocking", "improve"):
        assert word in text, word
    assert not re.search(r"recommende\s+d|Blockin\s+g|revie\s+w", text)


def test_chart_labels_wrap_instead_of_being_cut(catalog: Catalog) -> None:
    page = html(EXAMPLES / "complete.yaml", catalog)
    chart = page[page.index('<svg xmlns="http://www.w3.org/2000/svg" class="bars"') :].split("</svg>")[0]
    assert "…" not in chart
    assert "eCampusOntario principles" in chart and ">and framework<" in chart


def test_sign_off_heading_stays_with_its_table(pdfs: dict[str, list[str]]) -> None:
    heading, last_row = msg("report.signoff.heading"), msg("report.signoff.date")
    for name, texts in pdfs.items():
        page = next(t for t in texts if heading in t and msg("report.signoff.intro") in t)
        assert last_row in page[page.index(heading) :], name


def test_report_full_flag_through_the_command_line(tmp_path: Path) -> None:
    proc = run_cli("report", str(EXAMPLES / "complete.yaml"), "--format", "html", "--full", "--output", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "--full" in (tmp_path / "complete.html").read_text()


def test_key_facts_read_format_2(catalog: Catalog) -> None:
    """Hours by kind, training weeks, delivery modes, languages and funders, as format 2
    states them; the title is marked with the proposal's first language."""
    page = html(EXAMPLES / "complete.yaml", catalog)
    facts = page[page.index(msg("report.facts.heading")) :]
    for key, value in (("self_study_hours", "18"), ("training_weeks", "6"), ("languages", "en-CA")):
        assert f"{msg('report.fact.' + key)}</th><td>{value}</td>" in facts, key
    assert "Durham Region Workforce Development Board (Electric-vehicle skills seed fund" in facts
    assert '<h1 id="cover-title" lang="en-CA">' in page
