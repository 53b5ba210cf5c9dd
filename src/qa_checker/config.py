"""Repository configuration: ``.qa-checker.yaml`` or ``[tool.qa-checker]`` in pyproject.

Found by walking up from the first checked path (as ruff and yamllint do), so a hook
run from any folder of a course repository picks up that repository's settings.
Precedence: command-line flags, then this file, then the built-in defaults.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from qa_checker.errors import QaError
from qa_checker.limits import DEFAULT_LIMITS, MAX_DEPTH_CEILING, Limits

YAML_NAMES = (".qa-checker.yaml", ".qa-checker.yml")

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "frameworks": {"type": "array", "items": {"type": "string"}},
        "rules": {"type": "array", "items": {"type": "string"}},
        "fail_on": {"enum": ["error", "warning", "review", "never"]},
        "include": {"type": "array", "items": {"type": "string"}},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "settings": {
            "type": "object",
            "description": "Per rule set: values for its settings, e.g. peqab-omc: {omc_categories: [...]}.",
            "additionalProperties": {"type": "object"},
        },
        "limits": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "max_bytes": {"type": "integer", "minimum": 1},
                "max_depth": {"type": "integer", "minimum": 2, "maximum": MAX_DEPTH_CEILING},
                "max_nodes": {"type": "integer", "minimum": 1},
                "max_string": {"type": "integer", "minimum": 1},
                "max_items": {"type": "integer", "minimum": 1},
                "render_seconds": {"type": "number", "exclusiveMinimum": 0},
                "check_seconds": {"type": "number", "exclusiveMinimum": 0, "maximum": 86400},
            },
        },
    },
}


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    frameworks: tuple[str, ...] = ()
    rules: tuple[Path, ...] = ()
    fail_on: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    limits: Limits = DEFAULT_LIMITS
    root: Path = field(default_factory=Path.cwd)
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)

    def excluded(self, path: Path) -> bool:
        return bool(self.exclude) and _matches(path, self.exclude, self.root)

    def included(self, path: Path) -> bool:
        """For folder scans: with ``include`` set, only matching files are candidates."""
        return not self.include or _matches(path, self.include, self.root)


def _matches(path: Path, patterns: tuple[str, ...], root: Path) -> bool:
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(path.name, p) for p in patterns)


def find(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    folder = start.resolve()
    try:
        is_folder = folder.is_dir()
    except OSError:  # a name too long to look up: its folder still has a configuration
        is_folder = False
    if not is_folder:
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in YAML_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "qa-checker" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def load(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Read the configuration that applies to ``start`` (or exactly ``explicit``)."""
    path = explicit or find(start or Path.cwd())
    if path is None:
        return Config()
    data, doc = _read(path)
    if "allowed_signers" in data:
        # Whom to trust is never read from a file a submitter's folder could hold.
        from qa_checker.userconfig import location

        pos = doc.locate("/allowed_signers") if doc is not None else None
        raise QaError(
            str(path),
            "config.signers_not_here",
            {"user": str(location())},
            pos.line if pos else None,
            pos.column if pos else None,
        )
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        pointer = "".join(f"/{p}" for p in error.absolute_path)
        pos = doc.locate(pointer) if doc is not None else None
        raise QaError(
            str(path),
            "config.invalid",
            {"where": pointer or "/", "problem": error.message[:200]},
            pos.line if pos else None,
            pos.column if pos else None,
        )
    base = path.parent
    _check_rule_folders(path, data.get("rules", ()), base, doc)
    limits = replace(DEFAULT_LIMITS, **data.get("limits", {}))
    return Config(
        path=path,
        frameworks=tuple(data.get("frameworks", ())),
        rules=tuple((base / r) for r in data.get("rules", ())),
        fail_on=data.get("fail_on"),
        include=tuple(data.get("include", ())),
        exclude=tuple(data.get("exclude", ())),
        limits=limits,
        root=base,
        settings=data.get("settings", {}),
    )


def _check_rule_folders(path: Path, entries: Any, base: Path, doc: Any) -> None:
    """A configured rule folder that does not exist would silently mean fewer rules."""
    for index, entry in enumerate(entries):
        if not (base / entry).is_dir():
            pos = doc.locate(f"/rules/{index}") if doc is not None else None
            raise QaError(
                str(path),
                "config.rules_missing",
                {"entry": entry, "path": str(base / entry)},
                pos.line if pos else None,
                pos.column if pos else None,
            )


def _read(path: Path) -> tuple[dict[str, Any], Any]:
    if path.name == "pyproject.toml":
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("qa-checker", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise QaError(str(path), "config.unreadable", {"reason": str(exc)}) from None
        return (table if isinstance(table, dict) else {}), None
    from qa_checker.errors import InputError
    from qa_checker.loader import load_document

    try:
        doc = load_document(path)
    except InputError as exc:
        if exc.key == "loader.empty":
            return {}, None
        raise QaError(exc.file, exc.key, exc.params, exc.line, exc.column) from None
    data = doc.data if isinstance(doc.data, dict) else {"": doc.data}
    return data, doc
