"""PDF/UA tagging of the report, read from the PDF's own structure tree (issue 19).

veraPDF cannot run here (no network for its jar), so these tests walk the tag tree with
pypdf and assert the machine-checkable parts of PDF/UA-1 that the report can get wrong:
a list holds only list items (Matterhorn 7.2: no stray ``Span`` under ``L``), a list
item holds a label and/or a body, every table has header cells, every figure has alt
text, and heading levels never skip one on the way down.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pypdf
import pytest

from qa_checker import i18n
from qa_checker.pipeline import RunOptions, Target, check_file
from qa_checker.report.context import ReportSettings
from qa_checker.report.render import render
from qa_checker.rulesets import load_catalog

from conftest import EXAMPLES


def _kids(node: Any) -> list[Any]:
    kids = node.get("/K")
    if kids is None:
        return []
    kids = kids.get_object() if hasattr(kids, "get_object") else kids
    items = kids if isinstance(kids, list) else [kids]
    out = []
    for kid in items:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and "/S" in kid:  # a structure element, not marked content
            out.append(kid)
    return out


def _walk(node: Any) -> Iterator[Any]:
    for kid in _kids(node):
        yield kid
        yield from _walk(kid)


def _tag(node: Any) -> str:
    return str(node["/S"]).lstrip("/")


def tag_tree(data: bytes) -> list[Any]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    return list(_walk(root))


@pytest.fixture(
    scope="module",
    params=[
        ("complete.yaml", "pdf/ua-1", False),
        ("incomplete.yaml", "pdf/a-3u", False),
        ("incomplete.yaml", "pdf/ua-1", True),
        ("complete.yaml", "pdf/ua-1", False, "fr"),
        ("incomplete.yaml", "pdf/a-3u", True, "fr"),
    ],
    ids=["complete-ua", "incomplete-a3u", "incomplete-ua-full", "complete-ua-fr", "incomplete-a3u-full-fr"],
)
def elements(request: pytest.FixtureRequest) -> list[Any]:
    """The tag tree of an example's report: compact and ``--full``, in both PDF variants,
    in English and in French (whose PDF must also say /Lang (fr-CA))."""
    name, variant, full, *lang = request.param
    with i18n.with_lang(lang[0] if lang else "en"):
        catalog = load_catalog()
        checked = check_file(Target(EXAMPLES / name, True), catalog, RunOptions())
        data = render(checked, catalog, ReportSettings(variant=variant, full=full)).data
    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert root["/Lang"] == i18n.tag(lang[0] if lang else "en")
    return tag_tree(data)


def test_lists_hold_only_list_items_and_items_a_label_and_body(elements: list[Any]) -> None:
    lists = [e for e in elements if _tag(e) == "L"]
    assert lists, "the report has lists (legend, checklist, sources)"
    for element in lists:
        assert {_tag(k) for k in _kids(element)} <= {"LI", "L", "Caption"}, [_tag(k) for k in _kids(element)]
    for item in (e for e in elements if _tag(e) == "LI"):
        tags = [_tag(k) for k in _kids(item)]
        assert tags and set(tags) <= {"Lbl", "LBody"}, tags


def test_every_table_has_header_cells(elements: list[Any]) -> None:
    tables = [e for e in elements if _tag(e) == "Table"]
    assert tables
    for table in tables:
        assert any(_tag(e) == "TH" for e in _walk(table))


def test_every_figure_has_alt_text(elements: list[Any]) -> None:
    figures = [e for e in elements if _tag(e) == "Figure"]
    assert figures
    assert all(str(f.get("/Alt", "")).strip() for f in figures)


def test_heading_levels_never_skip_one(elements: list[Any]) -> None:
    levels = [int(_tag(e)[1]) for e in elements if _tag(e) in {f"H{n}" for n in range(1, 7)}]
    assert levels and levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
