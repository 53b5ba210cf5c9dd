"""Write an imported proposal as readable YAML that reads back exactly.

Block style, fields in the order they were built (model order), long lines kept
whole, multi-line text as ``|`` blocks. PyYAML quotes every string that YAML 1.1 would
read as something else (``ON``, ``yes``, ``47.0604``, ``2026-04-22``); the importer
still re-reads each file with qa-checker's own loader and compares, so a value that
would change type is caught before anything is written.
"""

from __future__ import annotations

from typing import Any

import yaml

WIDTH = 1_000_000


class _Dumper(yaml.SafeDumper):
    """SafeDumper with ``|`` blocks for multi-line text and indented list items."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML keeps the block only where it reads back exactly (no trailing spaces,
    # no control characters) and quotes the text otherwise.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def dump(data: dict[str, Any], comment: str = "") -> str:
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=WIDTH,
        default_flow_style=False,
    )
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    return head + body
