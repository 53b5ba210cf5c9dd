"""A per-user cache of rule and framework files that already passed validation.

Start-up of a one-file check was dominated by re-reading and re-validating the same
rule sets on every run (meta-schema validation and ``check_schema`` of every rule's
JSON Schema). A file whose exact bytes, with this tool version and these meta-schemas,
were validated before is read from the cache instead. The key covers everything the
validation depended on, so an edited rule file is always validated again; nothing is
ever written inside the repository (pre-commit hooks stay side-effect free), and any
problem with the cache simply means no cache.

``QA_CHECKER_NO_CACHE=1`` switches it off; ``QA_CHECKER_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from qa_checker import __version__


def _folder() -> Path | None:
    if os.environ.get("QA_CHECKER_NO_CACHE"):
        return None
    explicit = os.environ.get("QA_CHECKER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qa-checker" / "rules"


@cache
def _salt() -> bytes:
    """Tool version plus the meta-schemas: a change to either invalidates everything."""
    digest = hashlib.sha256(__version__.encode())
    for name in ("ruleset.schema.json", "framework.schema.json"):
        digest.update(resources.files("qa_checker.schemas").joinpath(name).read_bytes())
    return digest.digest()


def key(raw: bytes, display: str) -> str:
    return hashlib.sha256(_salt() + display.encode() + b"\0" + raw).hexdigest()


def get(cache_key: str) -> Any | None:
    folder = _folder()
    if folder is None:
        return None
    try:
        with (folder / f"{cache_key}.pickle").open("rb") as handle:
            return pickle.load(handle)  # our own file, named by a hash of its source
    except Exception:  # missing, unreadable or from another Python: no cache
        return None


def put(cache_key: str, value: Any) -> None:
    folder = _folder()
    if folder is None:
        return
    try:
        from qa_checker.atomic import write_bytes

        write_bytes(folder / f"{cache_key}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # read-only home, full disk: run without a cache
        return
