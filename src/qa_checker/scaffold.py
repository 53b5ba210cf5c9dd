"""What a designer starts from: the proposal JSON Schema and the commented template.

The schema is generated from the pydantic model so it cannot drift from what
``check`` accepts; its descriptions come from the message catalogue so they can be
translated.
"""

from __future__ import annotations

from typing import Any

from qa_checker import messages
from qa_checker.messages import current_lang, msg
from qa_checker.paths import templates_dir

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# The schema's name, as the other bundled schemas are named: never fetched (the host
# is reserved and cannot resolve); editors are pointed at a local copy (docs/editors.md).
PROPOSAL_SCHEMA_ID = "https://qa-checker.invalid/schema/proposal-2.json"


def proposal_schema() -> dict[str, Any]:
    from qa_checker.model import Proposal

    schema = Proposal.model_json_schema(mode="validation")
    words = messages.words()
    _describe(schema, "Proposal", words)
    for name, definition in schema.get("$defs", {}).items():
        _describe(definition, name, words)
    schema["title"] = words.get("schema.title", "Proposal")
    schema["description"] = words.get("schema.description", "")
    return {"$schema": SCHEMA_DIALECT, "$id": PROPOSAL_SCHEMA_ID, **schema}


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


def init_template(fmt: str = "yaml", lang: str | None = None) -> str:
    """The commented YAML template in ``lang`` (default: the current language; keys stay
    English, comments and sample values are translated: ``proposal.<lang>.yaml``); for
    JSON, which has no comments, only the header and a title (docs/fields.md lists the
    fields)."""
    if fmt == "json":
        import json

        from qa_checker.model import KIND, SCHEMA_VERSION

        start = {"kind": KIND, "schema_version": SCHEMA_VERSION, "title": msg("cli.init_json_title")}
        return json.dumps(start, indent=2) + "\n"
    folder = templates_dir() / "init"
    own = folder / f"proposal.{lang or current_lang()}.yaml"
    return (own if own.is_file() else folder / "proposal.yaml").read_text(encoding="utf-8")
