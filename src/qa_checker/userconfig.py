"""The user's own configuration: ``$XDG_CONFIG_HOME/qa-checker/config.yaml``.

The repository configuration (``config.py``) is found by walking up from the checked
files, so whoever controls a submission's folder controls it. Whom to trust cannot
live there: the allowed-signers file is named only here (or with
``--allowed-signers``), in a file under the board member's own home folder.

```yaml
allowed_signers: ~/board/allowed_signers   # the board's reviewers' keys (OpenSSH format)
signing_key: ~/.ssh/id_ed25519             # review: the key decisions are signed with
signer: j.tremblay@college.example         # review: the principal the key is listed under
```

Relative paths are relative to this file's folder.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_checker.errors import QaError

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "allowed_signers": {"type": "string", "minLength": 1},
        "signing_key": {"type": "string", "minLength": 1},
        "signer": {"type": "string", "minLength": 1},
    },
}


@dataclass(frozen=True)
class UserConfig:
    path: Path
    allowed_signers: Path | None = None
    signing_key: Path | None = None
    signer: str | None = None


def location() -> Path:
    """Where the file is looked for (it need not exist)."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    elif os.environ.get("XDG_CONFIG_HOME"):
        base = Path(os.environ["XDG_CONFIG_HOME"])
    else:
        base = Path.home() / ".config"
    return base / "qa-checker" / "config.yaml"


def load() -> UserConfig:
    """The user's configuration; an empty one when the file does not exist. A broken
    file stops the run (exit code 2): silently ignoring it would silently trust nobody,
    or the wrong people."""
    path = location()
    if not path.is_file():
        return UserConfig(path)
    from qa_checker.errors import InputError
    from qa_checker.loader import load_document

    try:
        doc = load_document(path)
    except InputError as exc:
        if exc.key == "loader.empty":
            return UserConfig(path)
        raise QaError(exc.file, exc.key, exc.params, exc.line, exc.column) from None
    data = doc.data if isinstance(doc.data, dict) else {"": doc.data}
    from jsonschema import Draft202012Validator  # only when there is a file to check

    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        pointer = "".join(f"/{p}" for p in errors[0].absolute_path)
        pos = doc.locate(pointer)
        params = {"where": pointer or "/", "problem": errors[0].message[:200]}
        raise QaError(str(path), "config.invalid", params, pos.line, pos.column)
    return UserConfig(
        path=path,
        allowed_signers=_path(path, data.get("allowed_signers")),
        signing_key=_path(path, data.get("signing_key")),
        signer=data.get("signer"),
    )


def _path(config: Path, value: str | None) -> Path | None:
    if value is None:
        return None
    return config.parent / Path(value).expanduser()
