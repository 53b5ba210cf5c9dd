"""Make proposal text inert in the line- and markup-based outputs.

Messages echo proposal values (an unknown ``targets`` entry, a file name), and
proposal text is untrusted. Raw, an escape sequence (ESC) repaints a terminal, a
newline starts a forged ``file:line:col: RULE error ...`` line that editors and CI
problem matchers read as a finding, a bidirectional control (U+202E) reorders what a
reader sees, and XML 1.0 forbids most control characters, so one of them makes a JUnit
file unreadable. Every such character is therefore written as a visible escape
(``\\x1b``, ``\\n``, ``\\u202e``), in text, JUnit, SARIF and GitHub output alike;
JSON output keeps the exact values (it is data, and JSON escapes them itself).
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; Unicode line and paragraph separators; bidirectional
# marks, embeddings, overrides and isolates; the two non-characters and the surrogates
# XML 1.0 forbids (a file name that is not UTF-8 reaches Python as surrogates).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Markdown punctuation that could start markup in a GitHub step summary table cell.
_MARKDOWN = re.compile(r"([\\`*_\[\]()<>!|~&#{}])")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def controls(text: str) -> str:
    """``text`` with every control, separator and bidirectional character escaped."""
    return _UNSAFE.sub(_visible, text)


def markdown(text: str) -> str:
    """``text`` as literal Markdown (for a GitHub step summary): controls escaped and
    every character that could open a code span, link, image, emphasis or HTML tag
    backslash-escaped (CommonMark allows a backslash before any ASCII punctuation)."""
    return _MARKDOWN.sub(r"\\\1", controls(text))
