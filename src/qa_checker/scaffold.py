"""What a designer starts from: the proposal JSON Schema and the commented template.

The schema is generated from the pydantic model so it cannot drift from what
``check`` accepts; its descriptions come from the message catalogue so they can be
translated.
"""

from __future__ import annotations

from typing import Any

from qa_checker.messages import catalogue, current_lang
from qa_checker.paths import templates_dir

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def proposal_schema() -> dict[str, Any]:
    from qa_checker.model import Proposal

    schema = Proposal.model_json_schema(mode="validation")
    words = {**catalogue(), **catalogue(current_lang())}
    _describe(schema, "Proposal", words)
    for name, definition in schema.get("$defs", {}).items():
        _describe(definition, name, words)
    schema["title"] = words.get("schema.title", "Proposal")
    schema["description"] = words.get("schema.description", "")
    return {"$schema": SCHEMA_DIALECT, **schema}


def _describe(definition: dict[str, Any], model: str, words: dict[str, str]) -> None:
    """Replace pydantic's generated titles and Python docstrings with catalogue text."""
    definition.pop("description", None)
    if model in words:
        definition["description"] = words[model]
    for field, prop in definition.get("properties", {}).items():
        prop.pop("title", None)
        text = words.get(f"{model}.{field}")
        if text:
            prop["description"] = text


def init_template() -> str:
    return (templates_dir() / "init" / "proposal.yaml").read_text(encoding="utf-8")
