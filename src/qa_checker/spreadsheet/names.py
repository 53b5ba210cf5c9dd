"""Which file names ``import`` refuses to write, beyond folders and odd characters.

Proposal folders live in repositories shared with Windows users and are read by
people, so a name is refused (with a reason, for that row only) when it:

* is a Windows device name (``CON``, ``PRN``, ``AUX``, ``NUL``, ``COM0``-``COM9``,
  ``LPT0``-``LPT9``, with any extension and in any case): Windows cannot check out or
  open such a file, on every platform, since the repository is shared;
* holds an invisible or direction-changing character (bidirectional controls such as
  U+202E, zero-width characters, other format and control characters) or a character
  that looks like a slash (U+2215, U+2044, fullwidth ``／``): the name shown would not
  be the name on disk;
* starts with ``-``: a command such as ``rm`` would read it as an option;
* ends in ``.review.yaml``: ``check`` would read it as the reviewer-decision file of
  the proposal beside it;
* is longer than ``MAX_NAME_CHARS``: file systems stop at 255 bytes, and a name that
  long is a mistake.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_CHARS = 128
_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")}
)
# Characters drawn like a slash or backslash, which would make a name look like a path.
_SLASH_LOOKALIKES = frozenset("\u2044\u2215\u2216\u2571\u2572\u29f5\u29f8\u29f9\ufe68\uff0f\uff3c")
_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
REVIEW_SUFFIXES = (".review.yaml", ".review.yml")


def problem(name: str) -> str | None:
    """The catalogue key saying why ``name`` (with its suffix) is refused, or None."""
    if len(name) > MAX_NAME_CHARS:
        return "csv.long_file_name"
    if any(unicodedata.category(ch) in _INVISIBLE for ch in name):
        return "csv.invisible_in_file_name"
    if any(ch in _SLASH_LOOKALIKES for ch in name):
        return "csv.slash_in_file_name"
    if name.startswith("-"):
        return "csv.dash_file_name"
    if name.split(".", 1)[0].rstrip(" ").upper() in _DEVICES:
        return "csv.device_file_name"
    if name.lower().endswith(REVIEW_SUFFIXES):
        return "csv.review_file_name"
    return None
