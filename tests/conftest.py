"""Shared helpers: run the real command line, write small proposals."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

HEADER = "kind: MicroCredentialProposal\nschema_version: 2\ntitle: Test proposal\n"


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``qa-checker`` as a user would, in a fresh process (no state shared with pytest)."""
    # The user's own configuration (allowed signers, signing key) and git's global
    # settings stay out of tests unless a test sets them.
    isolated = {"XDG_CONFIG_HOME": str(REPO / "tests" / "data" / "no-user-config"), "GIT_CONFIG_GLOBAL": os.devnull}
    # English unless a test asks otherwise: a developer's fr_CA locale must not change
    # what the tests read (the environment is the last step of the language choice).
    isolated |= {"LC_ALL": "C.UTF-8", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
    full_env = {**os.environ, "NO_COLOR": "1", **isolated, **(env or {})}
    full_env.pop("QA_CHECKER_DEBUG", None)
    if "QA_CHECKER_LANG" not in (env or {}):  # never a language an earlier in-process call chose
        full_env.pop("QA_CHECKER_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "qa_checker", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=300,
    )


@pytest.fixture(autouse=True)
def _language_stays_per_test() -> Iterator[None]:
    """``i18n.set_lang`` records the language in the environment (so worker processes
    inherit it); a test that runs the command line in-process must not leave it set."""
    saved = os.environ.get("QA_CHECKER_LANG")
    yield
    if saved is None:
        os.environ.pop("QA_CHECKER_LANG", None)
    else:
        os.environ["QA_CHECKER_LANG"] = saved


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


@dataclass(frozen=True)
class Board:
    """A QA-board reviewer's SSH key, made for the test, and the board's allowed-signers
    file listing it: what ``review`` signs with and ``check`` trusts."""

    key: Path
    principal: str
    allowed: Path
    fingerprint: str
    folder: Path

    def sign_args(self) -> list[str]:
        return ["--key", str(self.key), "--signer", self.principal]

    def trust_args(self) -> list[str]:
        return ["--allowed-signers", str(self.allowed)]

    def other_key(self, name: str = "outsider") -> Path:
        """A second key that the allowed-signers file does not list."""
        return make_key(self.folder / name)


def make_key(path: Path, kind: str = "ed25519") -> Path:
    """An unencrypted OpenSSH private key at ``path`` and its ``.pub`` beside it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    key: Any
    if kind == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
    elif kind == "ecdsa":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption())
    )
    path.chmod(0o600)
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    Path(str(path) + ".pub").write_bytes(public + b"\n")
    return path


@pytest.fixture
def board(tmp_path_factory: pytest.TempPathFactory) -> Board:
    """Kept outside the test's own folder, as a board keeps its list away from submissions."""
    import base64
    import hashlib

    folder = tmp_path_factory.mktemp("board")
    key = make_key(folder / "reviewer")
    public = Path(str(key) + ".pub").read_text(encoding="ascii").strip()
    principal = "pat.lee@college.example"
    allowed = folder / "allowed_signers"
    allowed.write_text(f"# QA board reviewers\n{principal} {public}\n", encoding="utf-8")
    blob = base64.b64decode(public.split()[1])
    fingerprint = "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return Board(key, principal, allowed, fingerprint, folder)


# The expected-verdict header of examples/*.yaml and tests/data/listings/*.yaml:
#   #   cican:          meets_pending_review   (optional remark)
#   #   good-practice:  advisory               (3 suggestions: ...)
VERDICTS = ("meets_pending_review", "meets", "does_not_meet", "not_claimed", "not_applicable", "advisory")
VERDICT_LINE = re.compile(r"^#\s{2,}([a-z0-9][a-z0-9-]*):\s+(" + "|".join(VERDICTS) + r")\b")
SUGGESTIONS = re.compile(r"\(\s*(no|\d+) suggestions?\b")


def expected_suggestions(path: Path) -> dict[str, int]:
    """Per advisory set, the number of suggestions the header's remark states."""
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = VERDICT_LINE.match(line)
        if match and match.group(2) == "advisory" and (number := SUGGESTIONS.search(line[match.end() :])):
            counts[match.group(1)] = 0 if number.group(1) == "no" else int(number.group(1))
    return counts
