"""Write an imported proposal as YAML with a comment naming each value's source field.

Scalars are written as JSON text, which YAML reads back exactly (double-quoted strings
with escapes, plain numbers and booleans), so nothing a badge says can turn into YAML
syntax. Comments carry only source pointers, with control characters removed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from qa_checker.document import join
from qa_checker.interop.mapped import Mapped
from qa_checker.pointer import human_path

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _clean(text: str) -> str:
    return _UNSAFE.sub("?", text)


def _key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def write(mapped: Mapped, file: str) -> str:
    """The proposal YAML text for ``mapped``, read from ``file``."""
    from qa_checker.messages import msg

    lines = [f"# {_clean(msg('interop.import_header', file=file, standard=mapped.standard))}"]

    def comment(pointer: str) -> str:
        source = mapped.sources.get(pointer)
        if source is None:
            return ""
        shown = human_path(source) if source else "(document)"
        return f"  # {_clean(msg('interop.import_comment', standard=mapped.standard, source=shown))}"

    def emit(value: Any, pointer: str, indent: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                here = join(pointer, key)
                if isinstance(item, (dict, list)) and item:
                    lines.append(f"{indent}{_key(key)}:{comment(here)}")
                    emit(item, here, indent + "  ")
                else:
                    lines.append(f"{indent}{_key(key)}: {json.dumps(item, ensure_ascii=False)}{comment(here)}")
        else:
            for index, item in enumerate(value):
                here = join(pointer, index)
                if isinstance(item, (dict, list)) and item:
                    lines.append(f"{indent}-{comment(here)}")
                    emit(item, here, indent + "  ")
                else:
                    lines.append(f"{indent}- {json.dumps(item, ensure_ascii=False)}{comment(here)}")

    emit(mapped.data, "", "")
    if mapped.dropped:
        lines.append(f"# {_clean(msg('interop.import_dropped_header'))}")
        lines.extend(f"#   {_clean(human_path(p))}" for p in mapped.dropped)
    return "\n".join(lines) + "\n"
