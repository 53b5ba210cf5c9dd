"""Paths as CI platforms want them: relative to the repository root, forward slashes.

Code-scanning and annotation services match results to files by repository-relative
path; an absolute or backslashed path silently fails to match. A file outside the
repository has no such path: SARIF gets it as an absolute ``file://`` URI (a relative
URI that starts with ``/`` is invalid SARIF, SARIF1004).
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


def inside(file: str) -> str | None:
    """``file`` relative to the repository root, or None when it lies outside it."""
    try:
        return Path(file).resolve().relative_to(repo_root()).as_posix()
    except (ValueError, OSError):
        return None


def relative(file: str) -> str:
    """Repository-relative when inside the repository, else the path as given."""
    found = inside(file)
    return found if found is not None else Path(file).as_posix()


def artifact(file: str, base: str) -> dict[str, str]:
    """A SARIF ``artifactLocation``: relative to ``base`` inside the repository, else an
    absolute ``file://`` URI with no base."""
    found = inside(file)
    if found is not None:
        return {"uri": found, "uriBaseId": base}
    try:
        return {"uri": Path(file).resolve().as_uri()}
    except (ValueError, OSError):
        return {"uri": Path(file).as_posix()}
