"""Formula neutralisation: CSV cells a spreadsheet would run as a formula.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and, in some versions, a tab or carriage return) as a formula, so
proposal text such as ``=HYPERLINK("http://…?"&A1)`` would run when a reviewer opens an
exported sheet. As OWASP recommends ("CSV Injection"), such a cell is written with a
single quote in front; spreadsheets show the text without the quote and do not run it.

The rule is a bijection, so ``import`` gives back exactly what ``export`` wrote:

* export: a cell that, after any leading quotes, starts with a trigger character gets
  one more quote in front (``=x`` → ``'=x``, ``'=x`` → ``''=x``);
* import: a cell that is one or more quotes followed by a trigger loses one quote.

A real leading apostrophe before anything else (``'Twas``) is left alone both ways.
Plain numbers (``-5``, ``+3.5``) are not formulas and are written as they are.
"""

from __future__ import annotations

import re

QUOTE = "'"
TRIGGERS = "=+-@\t\r"
_EXPORTED = re.compile(rf"{QUOTE}*[{re.escape(TRIGGERS)}]")
_IMPORTED = re.compile(rf"{QUOTE}+[{re.escape(TRIGGERS)}]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def neutralise(cell: str) -> str:
    """The cell as written to a CSV file: never read as a formula."""
    if _EXPORTED.match(cell) and not _PLAIN_NUMBER.fullmatch(cell):
        return QUOTE + cell
    return cell


def restore(cell: str) -> str:
    """The inverse of ``neutralise``, applied to every cell ``import`` reads."""
    if _IMPORTED.match(cell) and not _PLAIN_NUMBER.fullmatch(cell[1:]):
        return cell[1:]
    return cell
