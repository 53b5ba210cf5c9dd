"""Paths as CI platforms want them: relative to the repository root, forward slashes.

Code-scanning and annotation services match results to files by repository-relative
path; an absolute or backslashed path silently fails to match.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def repo_root() -> Path:
    """The enclosing Git work tree of the current folder, else the current folder."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def relative(file: str) -> str:
    path = Path(file)
    try:
        return path.resolve().relative_to(repo_root()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()
