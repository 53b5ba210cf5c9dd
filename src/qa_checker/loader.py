"""Read a YAML or JSON file into a ``Document``: data plus a pointer → line/column map.

The data is built from PyYAML's *event* stream rather than from its composed node
graph, for three reasons: positions of every key and item come for free; duplicate
keys, non-standard tags, merge keys and alias bombs can be refused while parsing; and
nesting depth is checked before a deep document can exhaust a recursive composer (the
C composer crashes on very deep input). Plain scalars are typed with PyYAML's own
resolver and constructor, so values mean exactly what YAML says they mean, except that
dates stay strings: the model and the rules compare ISO dates as text.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from qa_checker.document import Document, Position, ScalarSpan, join
from qa_checker.errors import InputError
from qa_checker.jsonscan import scan as scan_json
from qa_checker.limits import DEFAULT_LIMITS, Limits, int_digits_limit, too_many_digits
from qa_checker.pointer import human_path

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

_TAG = "tag:yaml.org,2002:"
# Explicit tags a proposal may use; anything else (``!!python/object``, ``!custom``)
# would mean executable or application-specific data and is refused.
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {f"{_TAG}seq", f"{_TAG}map"}
JSON_SUFFIXES = (".json",)
_BOM = "\ufeff"


def load_document(path: Path | str, limits: Limits = DEFAULT_LIMITS, display: str | None = None) -> Document:
    """Load ``path``; every problem becomes an ``InputError`` naming the file and line."""
    path = Path(path)
    shown = display if display is not None else str(path)
    try:
        with open_regular(path, shown) as handle:
            raw = read_at_most(handle, limits.max_bytes + 1)
    except IsADirectoryError:
        raise InputError(shown, "loader.is_directory") from None
    except OSError as exc:
        raise InputError(shown, "loader.unreadable", {"reason": exc.strerror or str(exc)}) from None
    fmt = "json" if path.suffix.lower() in JSON_SUFFIXES else "yaml"
    return load_bytes(raw, shown, limits, fmt)


def open_regular(path: Path, shown: str) -> BinaryIO:
    """Open ``path`` for reading only if it is a regular file (symlinks followed).

    A named pipe blocks the reader until someone writes to it, and a device such as
    ``/dev/zero`` never ends, so both are refused from ``stat`` alone, before they are
    opened. The file is then opened without blocking and checked again, in case it was
    swapped for one in between.
    """
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(str(path))
    if not stat.S_ISREG(mode):
        raise InputError(shown, "loader.not_regular")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(shown, "loader.not_regular")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


_CHUNK = 1 << 20


def read_at_most(handle: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes, read a megabyte at a time: ``read(size)`` reserves ``size``
    bytes at once, so a generous configured limit would run out of memory on any file."""
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = handle.read(min(_CHUNK, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def load_bytes(raw: bytes, shown: str, limits: Limits = DEFAULT_LIMITS, fmt: str = "yaml") -> Document:
    if len(raw) > limits.max_bytes:
        raise InputError(shown, "loader.too_large", {"limit": limits.max_bytes})
    digest = hashlib.sha256(raw).hexdigest()
    nul = raw.find(b"\x00")
    if nul >= 0:  # binary data: say so before complaining about its encoding
        line = raw.count(b"\n", 0, nul) + 1
        raise InputError(shown, "loader.nul", {}, line, nul - (raw.rfind(b"\n", 0, nul) + 1) + 1)
    text = _decode(raw, shown)
    doc = load_text(text, shown, limits, fmt)
    doc.sha256 = digest
    return doc


def load_text(text: str, shown: str, limits: Limits = DEFAULT_LIMITS, fmt: str = "yaml") -> Document:
    if text.startswith(_BOM):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _line_col(text, nul)
        raise InputError(shown, "loader.nul", {}, line, column)
    if fmt == "json":
        return _load_json(text, shown, limits)
    data, positions, spans = _walk(text, shown, limits)
    return Document(path=shown, data=data, positions=positions, spans=spans, fmt="yaml")


def _decode(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        raise InputError(shown, "loader.not_utf8", {}, line, column) from None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _load_json(text: str, shown: str, limits: Limits) -> Document:
    """JSON data comes from ``json`` (exact JSON number and escape rules); positions
    and every limit come from ``jsonscan``, which reads the text first, so nothing
    over a limit is ever built."""
    positions, spans = scan_json(text, shown, limits)
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_pairs)
    except json.JSONDecodeError as exc:
        raise InputError(shown, "loader.json_syntax", {"problem": exc.msg}, exc.lineno, exc.colno) from None
    except _DuplicateKey as exc:
        raise InputError(shown, "loader.duplicate_key", {"key": exc.key, "first": "?"}) from None
    except ValueError as exc:  # NaN / Infinity
        raise InputError(shown, "loader.json_constant", {"value": str(exc)}) from None
    except RecursionError:
        raise InputError(shown, "loader.too_deep", {"limit": limits.max_depth}) from None
    return Document(path=shown, data=data, positions=positions, spans=spans, fmt="json")


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


class _Frame:
    """One open mapping or sequence while walking events."""

    __slots__ = ("value", "pointer", "anchor", "is_map", "start", "key", "key_mark", "nodes")

    def __init__(self, value: Any, pointer: str, anchor: str | None, is_map: bool, start: Any) -> None:
        self.value = value
        self.pointer = pointer
        self.anchor = anchor
        self.is_map = is_map
        self.start = start
        self.key: str | None = None
        self.key_mark: Any = None
        self.nodes = 1


class _Walk:
    """State of one event walk; ``run`` returns (data, positions, spans)."""

    def __init__(self, text: str, shown: str, limits: Limits) -> None:
        self.text = text
        self.shown = shown
        self.limits = limits
        self.lines = text.splitlines()
        self.positions: dict[str, Position] = {}
        self.spans: dict[str, ScalarSpan] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Frame] = []
        self.total = 0
        self.root: Any = None
        self.have_root = False

    def fail(self, message: str, mark: Any, **params: Any) -> InputError:
        if "tag" in params and isinstance(params["tag"], str):
            params["tag"] = params["tag"].replace(_TAG, "!!")
        return InputError(self.shown, message, params, mark.line + 1, mark.column + 1)

    def count(self, nodes: int, mark: Any) -> None:
        """Every value built counts, including each expansion of an alias."""
        self.total += nodes
        if self.total > self.limits.max_nodes:
            raise self.fail("loader.too_many_nodes", mark, limit=self.limits.max_nodes)

    def pointer_for(self, mark: Any) -> str:
        """Pointer of the value about to be added to the open collection (or the root),
        recording where it is: a mapping member at its key, an item where it starts."""
        if not self.stack:
            self.positions[""] = Position(mark.line + 1, mark.column + 1)
            return ""
        parent = self.stack[-1]
        if parent.is_map:
            pointer = join(parent.pointer, parent.key)  # type: ignore[arg-type]
            mark = parent.key_mark
        else:
            if len(parent.value) >= self.limits.max_items:
                limit = self.limits.max_items
                raise self.fail("loader.too_many_items", mark, field=human_path(parent.pointer), limit=limit)
            pointer = join(parent.pointer, len(parent.value))
        self.positions[pointer] = Position(mark.line + 1, mark.column + 1)
        return pointer

    def attach(self, value: Any, nodes: int, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, nodes)
        if not self.stack:
            self.root, self.have_root = value, True
            return
        parent = self.stack[-1]
        parent.nodes += nodes
        if parent.is_map:
            parent.value[parent.key] = value
            parent.key = None
        else:
            parent.value.append(value)

    def set_key(self, key: str, mark: Any) -> None:
        frame = self.stack[-1]
        if key in frame.value:
            first = self.positions.get(join(frame.pointer, key))
            raise self.fail("loader.duplicate_key", mark, key=key, first=first.line if first else "?")
        frame.key, frame.key_mark = key, mark

    def run(self) -> tuple[Any, dict[str, Position], dict[str, ScalarSpan]]:
        documents = 0
        for event in yaml.parse(self.text, Loader=_Loader):
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail("loader.multiple_documents", event.start_mark)
            elif kind is yaml.ScalarEvent:
                self.scalar(event)
            elif kind is yaml.AliasEvent:
                self.alias(event)
            elif kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                self.open(event, kind is yaml.MappingStartEvent)
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                frame = self.stack.pop()
                self.attach(frame.value, frame.nodes, frame.anchor)
        if not self.have_root:
            raise InputError(self.shown, "loader.empty")
        return self.root, self.positions, self.spans

    def awaiting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].is_map and self.stack[-1].key is None

    def scalar(self, event: Any) -> None:
        self.count(1, event.start_mark)
        if len(event.value) > self.limits.max_string:
            raise self.fail("loader.string_too_long", event.start_mark, limit=self.limits.max_string)
        if self.awaiting_key():
            # Keys stay the text as written: proposals are string-keyed, as in JSON.
            if event.tag not in (None, "!", f"{_TAG}str"):
                raise self.fail("loader.tag", event.start_mark, tag=event.tag)
            if event.value == "<<" and event.implicit[0]:
                raise self.fail("loader.merge_key", event.start_mark)
            self.set_key(event.value, event.start_mark)
            return
        value = _scalar(event, self.fail)
        pointer = self.pointer_for(event.start_mark)
        if isinstance(value, str):
            self.spans[pointer] = _span(event, self.lines)
        self.attach(value, 1, event.anchor)

    def alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            raise self.fail("loader.unknown_alias", event.start_mark, anchor=event.anchor)
        value, nodes = self.anchors[event.anchor]
        self.count(nodes, event.start_mark)
        if self.awaiting_key():
            if not isinstance(value, str):
                raise self.fail("loader.complex_key", event.start_mark)
            self.set_key(value, event.start_mark)
            return
        self.pointer_for(event.start_mark)
        self.attach(value, nodes, None)

    def open(self, event: Any, is_map: bool) -> None:
        if self.awaiting_key():
            raise self.fail("loader.complex_key", event.start_mark)
        if len(self.stack) >= self.limits.max_depth:
            raise self.fail("loader.too_deep", event.start_mark, limit=self.limits.max_depth)
        if event.tag not in (None, "!") and event.tag not in _COLLECTION_TAGS:
            raise self.fail("loader.tag", event.start_mark, tag=event.tag)
        self.count(1, event.start_mark)
        pointer = self.pointer_for(event.start_mark)
        self.stack.append(_Frame({} if is_map else [], pointer, event.anchor, is_map, event.start_mark))


def _walk(text: str, shown: str, limits: Limits) -> tuple[Any, dict[str, Position], dict[str, ScalarSpan]]:
    try:
        return _Walk(text, shown, limits).run()
    except yaml.MarkedYAMLError as exc:
        from qa_checker.yaml_advice import advise

        problem = exc.problem or exc.context or "invalid YAML"
        said = advise(text, problem, exc.context or "", exc.problem_mark, exc.context_mark)
        raise InputError(shown, said.key, said.params, said.line, said.column) from None
    except yaml.YAMLError as exc:
        raise InputError(shown, "loader.syntax", {"problem": str(exc)}) from None


def _scalar(event: Any, fail: Any) -> Any:
    tag = event.tag
    if tag is None and event.style:  # quoted or block text: always a string
        return event.value
    if tag in (None, "!"):
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    elif tag not in _SCALAR_TAGS:
        raise fail("loader.tag", event.start_mark, tag=tag)
    if tag == f"{_TAG}str" or tag == f"{_TAG}timestamp":
        return event.value
    if tag == f"{_TAG}bool" and event.value.lower() not in ("true", "false"):
        # YAML 1.2 booleans only: `jurisdiction: ON` is Ontario, not true (the
        # "Norway problem" of YAML 1.1's yes/no/on/off).
        return event.value
    if tag == f"{_TAG}int" and too_many_digits(event.value):
        raise fail("loader.long_number", event.start_mark, digits=len(event.value), limit=int_digits_limit())
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        if tag == f"{_TAG}int":
            return _CONSTRUCTOR.construct_yaml_int(node)
        if tag == f"{_TAG}float":
            return _CONSTRUCTOR.construct_yaml_float(node)
        if tag == f"{_TAG}bool":
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if tag == f"{_TAG}null":
            return None
    except (ValueError, IndexError, yaml.constructor.ConstructorError):
        raise fail("loader.bad_scalar", event.start_mark, value=event.value, tag=tag.rsplit(":", 1)[-1]) from None
    return event.value


def _span(event: Any, lines: list[str]) -> ScalarSpan:
    """Where the string's text starts. A block scalar's text starts on the line after
    its ``|`` or ``>`` indicator, at that line's indentation."""
    style = event.style or ""
    mark = event.start_mark
    if style in ("|", ">"):
        for number in range(mark.line + 1, min(len(lines), event.end_mark.line + 1)):
            content = lines[number]
            if content.strip():
                return ScalarSpan(number + 1, len(content) - len(content.lstrip(" ")) + 1, style)
    return ScalarSpan(mark.line + 1, mark.column + 1, style)
