"""Repository configuration: ``.qa-checker.yaml`` or ``[tool.qa-checker]`` in pyproject.

Found by walking up from the first checked path (as ruff and yamllint do), so a hook
run from any folder of a course repository picks up that repository's settings.
Precedence: command-line flags, then this file, then the built-in defaults.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

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
        "lang": {"enum": ["en", "fr"], "description": "Language of the output (--lang overrides it)."},
        "include": {"type": "array", "items": {"type": "string"}},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "interop": {
            "type": "object",
            "description": "Exports to OB3, CTDL and ELM: base_uri names the issuer and prefixes achievement ids.",
            "additionalProperties": False,
            "properties": {"base_uri": {"type": "string", "pattern": "^https?://[^ ]+$"}},
        },
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
    # line and column of each ``frameworks:`` entry, so an unknown ID is shown where it is
    framework_lines: tuple[tuple[int | None, int | None], ...] = ()
    # interop.base_uri: the issuer's URI, and the prefix of exported achievement ids
    interop_base_uri: str | None = None
    # lang: the language of the output when --lang is not given (issue #16)
    lang: str | None = None

    def excluded(self, path: Path) -> bool:
        return self.exclusion(path) is not None

    def exclusion(self, path: Path) -> str | None:
        """The first ``exclude`` pattern that matches ``path`` (to say why it was left out)."""
        return next((p for p in self.exclude if _matches(path, (p,), self.root)), None)

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
    """The nearest configuration file at or above ``start``.

    A ``pyproject.toml`` counts when it has a ``[tool.qa-checker]`` table, and also when
    it might have one but cannot be read (broken TOML that mentions qa-checker, a table
    named like ``[tool.qa_checker]``): ``load`` then stops with an error at that file,
    rather than skipping it and applying a parent folder's configuration instead."""
    try:
        folder = start.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links: look up from where it sits
        folder = start.absolute()
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
        if pyproject.is_file() and _may_configure(pyproject):
            return pyproject
    return None


TOOL_KEY = "qa-checker"


def _may_configure(path: Path) -> bool:
    """Whether a pyproject.toml is (or tries to be) a qa-checker configuration. One that
    never mentions qa-checker cannot hold the table, so another project's broken
    pyproject.toml never stops a check."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        tools = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return _mentions_tool(text)
    return isinstance(tools, dict) and (TOOL_KEY in tools or _near_tool_key(tools) is not None)


def _mentions_tool(text: str) -> bool:
    return re.search(r"qa[-_ ]?checker", text, re.IGNORECASE) is not None


def _near_tool_key(tools: dict[str, Any]) -> str | None:
    """A ``[tool.*]`` table that is meant for qa-checker but misspelt (``qa_checker``,
    ``QA-Checker``): a configuration that would otherwise be silently not read."""
    return next((k for k in tools if k != TOOL_KEY and re.sub(r"[-_ ]", "", k.lower()) == "qachecker"), None)


def load(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Read the configuration that applies to ``start`` (or exactly ``explicit``)."""
    path = explicit or find(start or Path.cwd())
    if path is None:
        return Config()
    data, locate = _read(path)
    if "allowed_signers" in data:
        # Whom to trust is never read from a file a submitter's folder could hold.
        from qa_checker.userconfig import location

        line, column = locate("/allowed_signers")
        raise QaError(str(path), "config.signers_not_here", {"user": str(location())}, line, column)
    from jsonschema import Draft202012Validator  # only when there is a file to check

    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        pointer = "".join(f"/{p}" for p in error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # point at the unexpected key itself, not at the mapping holding it
            allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            extra = [k for k in error.instance if k not in allowed]
            pointer += f"/{extra[0]}" if extra else ""
            from qa_checker.suggest import closest

            near = closest(str(extra[0]), allowed) if extra else None
            if near is not None:
                line, column = locate(pointer)
                params = {"where": pointer, "key": extra[0], "suggestion": near}
                raise QaError(str(path), "config.unknown_key_suggest", params, line, column)
        line, column = locate(pointer)
        raise QaError(
            str(path),
            "config.invalid",
            {"where": pointer or "/", "problem": error.message[:200]},
            line,
            column,
        )
    base = path.parent
    _check_rule_folders(path, data.get("rules", ()), base, locate)
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
        framework_lines=tuple(locate(f"/frameworks/{i}") for i in range(len(data.get("frameworks", ())))),
        interop_base_uri=data.get("interop", {}).get("base_uri"),
        lang=data.get("lang"),
    )


def _check_rule_folders(path: Path, entries: Any, base: Path, locate: Locate) -> None:
    """A configured rule folder that does not exist would silently mean fewer rules."""
    for index, entry in enumerate(entries):
        if not (base / entry).is_dir():
            line, column = locate(f"/rules/{index}")
            raise QaError(
                str(path),
                "config.rules_missing",
                {"entry": entry, "path": str(base / entry)},
                line,
                column,
            )


Position = tuple[int | None, int | None]
Locate = Callable[[str], Position]


def _nowhere(pointer: str) -> Position:
    return None, None


def _read(path: Path) -> tuple[dict[str, Any], Locate]:
    """The configuration's data, and where each JSON pointer in it is written."""
    if path.suffix == ".toml":
        from qa_checker.tomlconfig import read_table

        return read_table(path, TOOL_KEY, _near_tool_key)
    from qa_checker.errors import InputError
    from qa_checker.loader import load_document

    try:
        doc = load_document(path)
    except InputError as exc:
        if exc.key == "loader.empty":
            return {}, _nowhere
        raise QaError(exc.file, exc.key, exc.params, exc.line, exc.column) from None
    data = doc.data if isinstance(doc.data, dict) else {"": doc.data}

    def locate(pointer: str) -> Position:
        pos = doc.locate(pointer)
        return pos.line, pos.column

    return data, locate
