"""A per-user record of rule and framework files that already passed every load check.

Start-up of a one-file check was dominated by re-validating the same rule sets on every
run (the meta-schema, and the JSON Schema of every rule). When a file with exactly these
bytes, in this context (the frameworks and settings it was checked against), with this
tool version and these checks, passed before, the checks are skipped; the file is still
read and parsed, so the cache never supplies content.

An entry is therefore only a marker: a small JSON file holding its own key, named by a
SHA-256 over everything the checks depended on. Nothing in it is ever executed or
trusted as data, and a planted or corrupt entry only means "check again" (and is
rewritten once the checks pass). Nothing is written inside the repository, so
pre-commit hooks stay side-effect free, and any problem with the cache means no cache.

``QA_CHECKER_NO_CACHE=1`` switches it off; ``QA_CHECKER_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import cache
from pathlib import Path

from qa_checker import __version__
from qa_checker.paths import package_path

# The modules whose checks a marker vouches for: a change to any of them invalidates all.
_CHECK_MODULES = ("rulesets.py", "rule_schema.py", "extends.py", "rule_i18n.py")
_MARKER_BYTES = 200


def folder() -> Path | None:
    """The cache folder, or None when the cache is off (``QA_CHECKER_NO_CACHE``)."""
    if os.environ.get("QA_CHECKER_NO_CACHE"):
        return None
    explicit = os.environ.get("QA_CHECKER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qa-checker" / "rules"


@cache
def salt() -> bytes:
    """Tool version, meta-schemas and the checking code: a change to any invalidates all."""
    digest = hashlib.sha256(__version__.encode())
    package = package_path("")
    names = [f"schemas/{n}" for n in ("ruleset.schema.json", "framework.schema.json", "i18n.schema.json")]
    names += list(_CHECK_MODULES)
    names += sorted(f"builtins/{e.name}" for e in (package / "builtins").iterdir() if e.name.endswith(".py"))
    for name in names:
        digest.update(name.encode() + b"\0")
        try:
            digest.update((package / name).read_bytes())
        except OSError:  # a stripped install: still a stable, version-bound salt
            continue
    return digest.digest()


def key(content_sha256: str, display: str, context: bytes = b"", lang: str = "") -> str:
    """The marker name for a file with this content, shown under this name (messages and
    positions mention it), checked in this context and, for a translation overlay, for
    this language (a French overlay that passed says nothing about any other language)."""
    parts = (salt(), content_sha256.encode(), display.encode(), hashlib.sha256(context).digest(), lang.encode())
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _marker(cache_key: str) -> bytes:
    return json.dumps({"checked": cache_key}).encode()


def seen(cache_key: str) -> bool:
    """True only if the marker for ``cache_key`` exists and says exactly that."""
    where = folder()
    if where is None:
        return False
    # Not following links and not waiting on a FIFO: a planted entry cannot redirect
    # the read or hang the run.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(where / f"{cache_key}.json", flags)
    except OSError:  # missing, a link or unreadable: check again
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return os.read(fd, _MARKER_BYTES + 1) == _marker(cache_key)
    except OSError:
        return False
    finally:
        os.close(fd)


def remember(cache_key: str) -> None:
    """Record that the file behind ``cache_key`` passed; replaces a corrupt marker."""
    where = folder()
    if where is None:
        return
    try:
        from qa_checker.atomic import write_bytes

        write_bytes(where / f"{cache_key}.json", _marker(cache_key))
    except OSError:  # read-only home, full disk: run without a cache
        return
