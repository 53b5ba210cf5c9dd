"""The CSV columns, generated from the proposal model so they never drift from it.

* a scalar field is one column (``title``, ``instructional_hours``);
* a sub-model's fields are dotted columns (``provider.name``, ``credits.value``);
* a list of scalars is one column, items separated by ``;`` (``noc_codes``);
* a list of sub-models is one column with one item per line of the cell, each line
  ``key: value | key: value`` (``assessments``).

The special ``file`` column (the output file's name) comes first; the header fields
``kind`` and ``schema_version`` are not columns, import adds them. Fields come in the
order a designer reads a proposal: the proposal's own fields (title, code, ...), then
each group of the model (identity, size, learning, ...) in the order it is declared.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from qa_checker.model import Proposal

FILE_COLUMN = "file"
HEADER_FIELDS = ("kind", "schema_version")

Shape = Literal["scalar", "list", "items"]


@dataclass(frozen=True)
class ValueType:
    """What one value may be, read from the field's annotation."""

    text: bool = False
    integer: bool = False
    number: bool = False
    boolean: bool = False
    date: bool = False
    choices: tuple[str, ...] = ()

    @property
    def text_or_number(self) -> bool:
        """Both text and numbers are accepted: a numeric-looking value is a number unless
        it starts with an apostrophe."""
        return self.text and (self.integer or self.number)


@dataclass(frozen=True)
class ItemKey:
    """One ``key: value`` of an item line (a field of a list item's model)."""

    name: str
    value: ValueType
    is_list: bool
    required: bool
    model: str


@dataclass(frozen=True)
class Column:
    name: str
    path: tuple[str, ...]
    shape: Shape
    value: ValueType | None = None
    keys: tuple[ItemKey, ...] = ()
    model: str = "Proposal"
    field: str = ""

    def key(self, name: str) -> ItemKey | None:
        return next((k for k in self.keys if k.name == name), None)


def letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 → A, 25 → Z, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


@cache
def columns() -> tuple[Column, ...]:
    """Every column, ``file`` first, in a stable, readable order."""
    file_column = Column(FILE_COLUMN, (), "scalar", ValueType(text=True), model="", field=FILE_COLUMN)
    return (file_column, *_model_columns(Proposal, ()))


@cache
def by_name() -> dict[str, Column]:
    return {c.name: c for c in columns()}


@cache
def by_path() -> dict[tuple[str, ...], Column]:
    return {c.path: c for c in columns() if c.path}


def field_order(model: type[BaseModel]) -> list[str]:
    """A model's own fields first, then each base's fields in declaration order
    (pydantic's own order for a many-based model is the reverse of that)."""
    names = [n for n in model.__dict__.get("__annotations__", {}) if n in model.model_fields]
    for base in model.__bases__:
        if isinstance(base, type) and issubclass(base, BaseModel) and base is not BaseModel:
            names += [n for n in field_order(base) if n not in names]
    return names + [n for n in model.model_fields if n not in names]


def _model_columns(model: type[BaseModel], prefix: tuple[str, ...]) -> list[Column]:
    out: list[Column] = []
    for name in field_order(model):
        if not prefix and name in HEADER_FIELDS:
            continue
        info = model.model_fields[name]
        path = (*prefix, name)
        dotted = ".".join(path)
        annotation = info.annotation
        scalar = value_type(annotation, info.metadata)
        if scalar is not None:
            out.append(Column(dotted, path, "scalar", scalar, model=model.__name__, field=name))
            continue
        item = list_item(annotation)
        if item is not None:
            item_scalar = value_type(item)
            if item_scalar is not None:
                out.append(Column(dotted, path, "list", item_scalar, model=model.__name__, field=name))
                continue
            sub = sub_model(item)
            if sub is not None:
                keys = tuple(_item_keys(sub, dotted))
                out.append(Column(dotted, path, "items", keys=keys, model=model.__name__, field=name))
                continue
        sub = sub_model(annotation)
        if sub is not None:
            out.extend(_model_columns(sub, path))
            continue
        raise TypeError(f"{model.__name__}.{name}: no CSV column shape for {annotation!r}")
    return out


def _item_keys(model: type[BaseModel], column: str) -> list[ItemKey]:
    keys: list[ItemKey] = []
    for name in field_order(model):
        info = model.model_fields[name]
        scalar = value_type(info.annotation, info.metadata)
        item = list_item(info.annotation)
        item_scalar = value_type(item) if item is not None else None
        if scalar is None and item_scalar is None:
            raise TypeError(f"{column}: item field {name!r} is neither a value nor a list of values")
        value = scalar if scalar is not None else item_scalar
        assert value is not None
        keys.append(ItemKey(name, value, scalar is None, info.is_required(), model.__name__))
    return keys


def _strip_optional(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def _unannotate(annotation: Any) -> tuple[Any, list[Any]]:
    metadata: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        annotation, metadata = args[0], [*metadata, *args[1:]]
    return annotation, metadata


def value_type(annotation: Any, metadata: list[Any] | None = None) -> ValueType | None:
    """The scalar value an annotation accepts, or None if it is a list or a model."""
    flags: dict[str, Any] = {}
    choices: list[str] = []
    for arm in _strip_optional(annotation):
        base, extra = _unannotate(arm)
        if typing.get_origin(base) is Literal:
            choices += [str(v) for v in typing.get_args(base)]
            flags["text"] = True
        elif base is bool:
            flags["boolean"] = True
        elif base is int:
            flags["integer"] = True
        elif base is float:
            flags["number"] = True
        elif base is str:
            pattern = next((m.pattern for m in [*extra, *(metadata or [])] if getattr(m, "pattern", None)), None)
            flags["date" if pattern and "\\d{4}" in str(pattern) else "text"] = True
        else:
            return None
    if not flags:
        return None
    if choices and set(flags) == {"text"}:
        return ValueType(choices=tuple(choices))
    return ValueType(**flags)


def list_item(annotation: Any) -> Any | None:
    arms = _strip_optional(annotation)
    if len(arms) == 1 and typing.get_origin(arms[0]) is list:
        return typing.get_args(arms[0])[0]
    return None


def sub_model(annotation: Any) -> type[BaseModel] | None:
    arms = _strip_optional(annotation)
    if len(arms) == 1 and isinstance(arms[0], type) and issubclass(arms[0], BaseModel):
        return arms[0]
    return None
