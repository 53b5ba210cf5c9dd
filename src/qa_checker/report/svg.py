"""Geometry of the report's inline SVG pictures; the templates draw them.

Python computes where every bar, cell and label goes (plain numbers, easy to test);
the Jinja2 partials turn that into SVG with autoescaping, so no proposal text is ever
pasted into markup by hand. No plotting library, no network, no images to fetch.

Legibility in greyscale (photocopies, e-ink, colour-blind readers) comes from the fill
*patterns* defined in the templates, one per state: dark solid, diagonal stripes,
dots, horizontal lines, light solid. Colour only adds to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qa_checker.findings import FrameworkVerdict
from qa_checker.report.facts import Coverage

# Chart segments, in drawing order (left to right: most urgent first).
SEGMENTS: tuple[str, ...] = ("fail", "warning", "review", "waived", "pass")

CHAR_WIDTH = 6.2  # average advance of DejaVu Sans at 10 px, for estimating label widths
LABEL_CHAR_WIDTH = 5.6  # the same at the charts' 9 px labels


def clip(text: str, limit: int) -> str:
    """SVG text does not wrap: long labels are cut, with an ellipsis, never overflow."""
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"


def wrap(text: str, chars: int, lines: int = 2) -> tuple[str, ...]:
    """Break a label into at most ``lines`` lines of about ``chars`` characters at spaces;
    only what still does not fit is cut, with an ellipsis. A framework's name cut to
    "eCampusOntario principles..." on a filed report reads as a fault."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= chars:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = clip(out[-1] + " " + " ".join(words), chars)
    return tuple(clip(line, chars) for line in out) or ("",)


def segment_counts(counts: FrameworkVerdict) -> dict[str, int]:
    """Advice-level (``may``) failures are drawn with warnings: neither blocks a verdict."""
    return {
        "fail": counts.errors,
        "warning": counts.warnings + counts.infos,
        "review": counts.needs_review,
        "waived": counts.waived,
        "pass": counts.passed,
    }


@dataclass(frozen=True)
class Segment:
    kind: str
    x: float
    width: float
    count: int
    show_count: bool


@dataclass(frozen=True)
class Bar:
    lines: tuple[str, ...]  # the label, on one or two lines
    y: float
    total: int
    segments: tuple[Segment, ...]

    @property
    def label(self) -> str:
        return " ".join(self.lines)


@dataclass(frozen=True)
class LegendItem:
    kind: str
    x: float
    y: float


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    label_width: float
    bar_x: float
    bar_width: float
    bar_height: float
    bars: tuple[Bar, ...]
    legend: tuple[LegendItem, ...]
    swatch: float


def _segments(counts: dict[str, int], x: float, width: float) -> tuple[Segment, ...]:
    total = sum(counts.values())
    out = []
    for kind in SEGMENTS:
        count = counts[kind]
        if not count:
            continue
        w = width * count / total
        out.append(Segment(kind, round(x, 2), round(w, 2), count, w >= 14))
        x += w
    return tuple(out)


def _legend(words: dict[str, str], y: float, width: float, swatch: float) -> tuple[tuple[LegendItem, ...], float]:
    """Lay legend entries out left to right, wrapping when the next would not fit."""
    items, x = [], 0.0
    for kind in SEGMENTS:
        advance = swatch + 6 + len(words[kind]) * CHAR_WIDTH + 16
        if x and x + advance > width:
            x, y = 0.0, y + swatch + 8
        items.append(LegendItem(kind, x, y))
        x += advance
    return tuple(items), y + swatch


def bar_chart(
    frameworks: Sequence[tuple[str, FrameworkVerdict]], words: dict[str, str], width: float = 520
) -> BarChart:
    """One stacked bar per rule set: how many rules fail, warn, await review, are waived, pass.

    ``words`` holds the legend's words (from the message catalogue), used only to
    estimate where each legend entry fits.
    """
    label_width, bar_height, gap, swatch = 150.0, 18.0, 10.0, 11.0
    bar_x = label_width + 8
    bar_width = width - bar_x - 36  # room for the total at the end of the bar
    bars = []
    for index, (label, counts) in enumerate(frameworks):
        y = index * (bar_height + gap)
        per_kind = segment_counts(counts)
        lines = wrap(label, int(label_width / LABEL_CHAR_WIDTH))
        bars.append(Bar(lines, y, sum(per_kind.values()), _segments(per_kind, bar_x, bar_width)))
    legend_top = len(bars) * (bar_height + gap) + 6
    legend, bottom = _legend(words, legend_top, width, swatch)
    return BarChart(width, bottom + 4, label_width, bar_x, bar_width, bar_height, tuple(bars), legend, swatch)


@dataclass(frozen=True)
class GridColumn:
    x: float  # centre
    label: str
    summative: bool


@dataclass(frozen=True)
class GridRow:
    y: float  # top
    label: str
    covered: bool
    marks: tuple[tuple[float, str], ...]  # (centre x, "summative" | "formative")


@dataclass(frozen=True)
class GridGroup:
    y: float
    kind: str  # "outcome" | "competency"


@dataclass(frozen=True)
class Grid:
    width: float
    height: float
    cell: float
    label_width: float
    header: float
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    groups: tuple[GridGroup, ...]
    cells_x: float
    cells_width: float

    @property
    def empty(self) -> bool:
        return not self.rows


def coverage_grid(cover: Coverage) -> Grid:
    """Rows: outcomes, then competencies; columns: assessments. A filled dot is a
    summative assessment of that row, a hollow dot a formative one; a hatched row
    is measured by no assessment at all."""
    cell, label_width, header = 26.0, 96.0, 22.0
    cells_x = label_width + 4
    columns = tuple(
        GridColumn(cells_x + (i + 0.5) * cell, clip(c.id, 5), c.summative) for i, c in enumerate(cover.columns)
    )
    rows, groups, y, kind = [], [], header, None
    for row in cover.rows:
        if row.kind != kind:
            kind = row.kind
            groups.append(GridGroup(y, kind))
            y += cell * 0.75
        marks = tuple((col.x, mark) for col, mark in zip(columns, row.marks, strict=False) if mark)
        rows.append(GridRow(y, clip(row.id, 12), row.covered, marks))
        y += cell
    cells_width = max(len(columns), 1) * cell
    width = cells_x + cells_width + cell  # last column: the "not assessed" marker
    return Grid(width, y + 2, cell, label_width, header, columns, tuple(rows), tuple(groups), cells_x, cells_width)
