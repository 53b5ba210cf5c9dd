"""Shared helpers: run the real command line, write small proposals."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

HEADER = "kind: MicroCredentialProposal\nschema_version: 1\ntitle: Test proposal\n"


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``qa-checker`` as a user would, in a fresh process (no state shared with pytest)."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("QA_CHECKER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "qa_checker", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=300,
    )


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """``write(name, text)`` → path of a new file in the test's own folder."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


def run_builtin(name: str, params: dict[str, Any], data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The violations of built-in check ``name`` with ``params`` on ``data``: (pointer, params)."""
    from qa_checker.builtins import MODULES

    result = MODULES[name].compile(params)(data)
    return [(v.pointer, v.params) for v in result.violations]
