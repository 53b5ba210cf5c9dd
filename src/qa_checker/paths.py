"""Locate the data folders (rules, frameworks, report templates).

They sit at the top of the repository so that rule authors find them, and the wheel
copies them into the package. An ordinary install therefore finds them beside this
file; a checkout or an editable install finds them at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def package_path(name: str) -> Path:
    """A file of the package itself (schemas, bundles, modules). A plain path, as for the
    data folders: ``importlib.resources`` would cost a one-file check its own imports
    (tempfile, shutil, zlib...) for what is always a file beside this one."""
    return _PACKAGE / name


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``name`` from the installed package, else from the checkout."""
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parents[1] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"qa-checker data folder {name!r} is missing from the installation")


def rules_dir() -> Path:
    return data_dir("rules")


def frameworks_dir() -> Path:
    return data_dir("frameworks")


def templates_dir() -> Path:
    return data_dir("report_templates")
