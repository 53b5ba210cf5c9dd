"""Check a loaded document against the proposal model, in a designer's words.

pydantic's own error dump names internal types and is not translatable; each error is
turned into an ``InputError`` with the value's line and column and a catalogue message
(``model.<error type>``). Unknown keys are not errors: they come back as
``UnknownField`` records that the engine reports as warnings with a "did you mean".
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from qa_checker import coreschema
from qa_checker.document import Document, join
from qa_checker.errors import InputError, InputErrors, NotAProposal, QaError
from qa_checker.header import KIND, SUPPORTED_VERSIONS, lookalike
from qa_checker.migration import origin
from qa_checker.pointer import human_path
from qa_checker.suggest import closest

if TYPE_CHECKING:
    from pydantic import BaseModel

    from qa_checker.model import Proposal


@dataclass(frozen=True)
class UnknownField:
    pointer: str
    name: str
    suggestion: str | None


def check_header(doc: Document) -> None:
    """Tell a proposal from any other YAML before judging its fields."""
    data = doc.data
    if not isinstance(data, dict):
        raise NotAProposal(doc.path, "model.not_mapping", {}, 1, 1)
    if data.get("kind") != KIND:
        near = lookalike(data)
        if near is not None:
            # a proposal with a typo in its header: an error even in a folder scan or
            # the pre-commit hook, where a file that is not a proposal is skipped
            pos = doc.locate(near.pointer)
            raise InputError(doc.path, near.key, {"found": near.found, "kind": KIND}, pos.line, pos.column)
        pos = doc.locate("/kind")
        raise NotAProposal(doc.path, "model.no_header", {"kind": KIND}, pos.line, pos.column)
    version = data.get("schema_version")
    if version not in SUPPORTED_VERSIONS or isinstance(version, bool):
        pos = doc.locate("/schema_version")
        raise InputError(
            doc.path,
            "model.schema_version",
            {"found": _show(version), "supported": " or ".join(str(v) for v in SUPPORTED_VERSIONS)},
            pos.line,
            pos.column,
        )


@dataclass(frozen=True)
class Validated:
    """A proposal that passed validation: the keys it did not know, and the data the
    rules read.

    With ``errors`` (wrong types), validation passed only once the fields in error were
    left out: ``data`` is the document without them, what the rules must read, so
    every other rule still runs and reports (exit code 2 all the same).

    The typed model (``proposal``) is built only when asked for: a check reads the data
    and needs none of the model classes, whose building cost more than the check
    (issue 18); reports, exports and the self-test ask for it."""

    unknown: list[UnknownField]
    # the format version the file declared, when it was older and upgraded on load
    upgraded_from: int | None = None
    errors: list[QaError] = field(default_factory=list)
    data: Any = None
    # ``data`` without the unknown keys: what the model is built from
    pruned: Any = None

    @cached_property
    def proposal(self) -> Proposal:
        """The typed proposal (it validates: the same schema already passed)."""
        from qa_checker.model import Proposal

        return Proposal.model_validate(self.pruned)


# How many times a field in error is left out and the rest validated again (a left-out
# field can only uncover errors in what holds it, so two or three rounds suffice).
ROUNDS = 5


def validate(doc: Document, partial: bool = False) -> Validated:
    """The typed proposal and its unknown keys. A field with the wrong type is an input
    error for that field alone: it is treated as absent and the rest is validated, so
    one ``instructional_hours: forty`` does not hide every other finding. Only errors
    that leaving fields out cannot get past (a required field, an item of a list, the
    whole document) raise ``InputErrors``, all of them at once.

    Only with ``partial`` (``check``, through the pipeline): import, export and the
    self-test must not carry on without a field, so for them any error raises."""
    from qa_checker.migration import upgrade_document

    check_header(doc)
    moved = upgrade_document(doc)
    old = 1 if moved is not None else None
    found: list[QaError] = []
    data = doc.data
    dropped: list[str] = []
    for _ in range(ROUNDS):
        unknown, errors = _problems(doc, data, None, strict_keys=False, moved=moved or {})
        if not errors:
            pruned = _without(data, [u.pointer for u in unknown]) if unknown else data
            if not found:
                return Validated(unknown, old, data=doc.data, pruned=pruned)
            return Validated(unknown, old, _dedupe(found), data, pruned)
        found.extend(e for _, e in errors)
        if not partial:
            break
        pointers = [_droppable(pointer, e, data) for pointer, e in errors]
        if any(p is None or p in dropped for p in pointers):
            break
        dropped.extend(p for p in pointers if p is not None)
        data = _without(data, dropped)
    raise InputErrors(_dedupe(found))


def _droppable(pointer: str, error: QaError, data: Any) -> str | None:
    """The field to leave out for ``error``: the nearest mapping member that holds the
    value in error (for an item of a list, the list's field; for a missing required key,
    the mapping that should hold it). Only mapping members are left out, so every other
    value keeps its pointer and position. None for the document itself."""
    from qa_checker.document import split

    tokens = split(pointer)
    if error.key == "model.missing":
        tokens = tokens[:-1]
    node, members = data, []
    for depth, token in enumerate(tokens):
        if isinstance(node, dict) and token in node:
            members.append(depth)
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            break
    if not members:
        return None
    return "".join(f"/{_escape(t)}" for t in tokens[: members[-1] + 1])


def _without(data: Any, pointers: list[str]) -> Any:
    """``data`` without the members at ``pointers`` (unknown keys, fields in error), so
    the model (which forbids them) builds. ``data`` is not changed: only the mappings
    and lists on the way to a removed member are copied, the rest is shared (a deep
    copy of every proposal with one unknown key cost a batch 5 % of its time)."""
    from qa_checker.document import split

    root = _shallow(data)
    copied = {id(root)}
    for pointer in pointers:
        *parents, last = split(pointer)
        node = root
        for token in parents:
            key: Any = int(token) if isinstance(node, list) else token
            child = node[key]
            if id(child) not in copied:
                child = _shallow(child)
                copied.add(id(child))
                node[key] = child
            node = child
        if isinstance(node, dict):
            node.pop(last, None)
    return root


def _shallow(node: Any) -> Any:
    if isinstance(node, dict):
        return dict(node)
    if isinstance(node, list):
        return list(node)
    return node


def validate_model(
    doc: Document, model: type[BaseModel], strict_keys: bool = False, moved: dict[str, str] | None = None
) -> list[UnknownField]:
    """Validate ``doc`` against ``model``; unknown keys are returned, or with
    ``strict_keys`` reported as errors (for files the tool itself writes). ``moved``
    (new → old pointers of an upgraded format 1 file) makes messages name the key
    the file has."""
    unknown, errors = _problems(doc, doc.data, model, strict_keys, moved or {})
    if errors:
        raise InputErrors(_dedupe([e for _, e in errors]))
    return unknown


def _problems(
    doc: Document, data: Any, model: type[BaseModel] | None, strict_keys: bool, moved: dict[str, str] | None = None
) -> tuple[list[UnknownField], list[tuple[str, QaError]]]:
    """Unknown keys, and each error with the pointer of the value it is about.
    ``model`` None is the proposal, checked by the lean validator (``coreschema``)."""
    found = coreschema.errors(data) if model is None else _model_errors(model, data)
    unknown: list[UnknownField] = []
    errors: list[tuple[str, QaError]] = []
    for error in found:
        loc = _in_data(data, error["loc"], error["type"])
        pointer = "".join(f"/{_escape(part)}" for part in loc)
        if error["type"] == "extra_forbidden" and not strict_keys:
            name = str(loc[-1])
            unknown.append(UnknownField(pointer, name, _suggest(name, loc[:-1], model)))
            continue
        errors.append((pointer, _input_error(doc, pointer, error, origin(pointer, moved or {}), model)))
    return sorted(unknown, key=lambda u: (doc.locate(u.pointer).line, u.pointer)), errors


def _model_errors(model: type[BaseModel], data: Any) -> list[Any]:
    from pydantic import ValidationError

    try:
        model.model_validate(data)
    except ValidationError as exc:
        return list(exc.errors(include_url=False))
    return []


def _in_data(data: Any, loc: tuple[str | int, ...], kind: str) -> tuple[str | int, ...]:
    """Cut the union-branch labels pydantic appends (``value.int``) so the location
    names only keys and items that are in the file (or, for ``missing``, the key that
    should be)."""
    node: Any = data
    kept: list[str | int] = []
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            if kind in ("missing", "extra_forbidden") and isinstance(node, dict) and not kept[len(kept) :]:
                kept.append(part)
            break
        kept.append(part)
    return tuple(kept)


def _escape(part: str | int) -> str:
    return join("", part)[1:]


def _input_error(doc: Document, pointer: str, error: Any, shown: str, model: type[BaseModel] | None) -> InputError:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    params = {
        "field": human_path(shown),
        "value": _show(error.get("input")),
        "expected": _expected(ctx),
        **{k: _show(v) if not isinstance(v, str) else v for k, v in ctx.items() if k != "expected"},
    }
    key = f"model.{kind}"
    from qa_checker.messages import catalogue

    if key not in catalogue():
        key, params["detail"] = "model.other", error.get("msg", kind)
    if kind in ("literal_error", "enum") and isinstance(error.get("input"), str):
        choices = coreschema.choices_at(error["loc"]) if model is None else _choices(error["loc"], model)
        near = closest(error["input"], choices)
        if near is not None and near != error["input"]:
            key, params["suggestion"] = "model.literal_error_suggest", near
    pos = doc.locate(pointer)
    if (
        kind == "string_type"
        and isinstance(error.get("input"), (int, float))
        and not isinstance(error.get("input"), bool)
    ):
        key = "model.string_type_number"
    return InputError(doc.file_of(pointer), key, params, pos.line, pos.column)


def _choices(loc: tuple[str | int, ...], root: type[BaseModel]) -> list[str]:
    """The allowed values at ``loc``, read from the model's ``Literal`` annotation (so a
    new value in the model is suggested with no change here)."""
    names = [part for part in loc if isinstance(part, (str, int))]
    parent: Any = root
    annotation: Any = None
    for part in names:
        if isinstance(part, int):
            annotation = _item_type(annotation)
            continue
        model = _find_model(annotation) if annotation is not None else parent
        if model is None or part not in model.model_fields:
            break
        annotation = model.model_fields[part].annotation
    return _literals(annotation)


def _literals(annotation: Any) -> list[str]:
    if typing.get_origin(annotation) is typing.Literal:
        return [str(v) for v in typing.get_args(annotation)]
    found: list[str] = []
    for arg in typing.get_args(annotation):
        found.extend(_literals(arg))
    return found


def _expected(ctx: dict[str, Any]) -> str:
    """pydantic words literal choices as "'a', 'b' or 'c'"; keep the list, drop quotes
    so it reads like the YAML a designer will type."""
    expected = ctx.get("expected")
    return str(expected).replace("'", "") if expected is not None else ""


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    if isinstance(value, dict):
        text = "a mapping"
    elif isinstance(value, list):
        text = "a list"
    return text if len(text) <= 60 else text[:57] + "..."


def _dedupe(errors: list[QaError]) -> list[QaError]:
    seen: set[tuple[Any, ...]] = set()
    out: list[QaError] = []
    for e in sorted(errors, key=lambda e: (e.line or 0, e.column or 0, e.key)):
        marker = (e.line, e.column, e.params.get("field"))
        if marker not in seen:
            seen.add(marker)
            out.append(e)
    return out


def _suggest(name: str, parent: tuple[str | int, ...], root: type[BaseModel] | None) -> str | None:
    if root is None:
        fields = coreschema.fields_at(parent)
        return closest(name, fields) if fields is not None else None
    model = _model_at(parent, root)
    if model is None:
        return None
    return closest(name, model.model_fields)


def _model_at(loc: tuple[str | int, ...], root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (for "did you mean")."""
    current: Any = root
    for part in loc:
        model = _find_model(current)
        if isinstance(part, int):
            current = _item_type(current)
            continue
        if model is None or part not in model.model_fields:
            return None
        current = model.model_fields[part].annotation
    return _find_model(current)


def _find_model(annotation: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def _item_type(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) is list:
                return typing.get_args(arg)[0]
        return None
    if origin is list:
        return typing.get_args(annotation)[0]
    return None
