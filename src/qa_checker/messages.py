"""The message catalogue: every sentence the tool says that is not in a rule file.

Messages are looked up by key in ``report_templates/messages/<lang>/*.yaml`` (one file
per part of the tool, merged) and filled with ``str.format`` fields, so translators
never touch Python.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import yaml

from qa_checker.paths import templates_dir

DEFAULT_LANG = "en"


@cache
def catalogue(lang: str = DEFAULT_LANG) -> dict[str, str]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    merged: dict[str, str] = {}
    folder = templates_dir() / "messages" / lang
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        with path.open(encoding="utf-8") as handle:
            merged.update(yaml.load(handle, Loader=loader) or {})
    return merged


def current_lang() -> str:
    return os.environ.get("QA_CHECKER_LANG", DEFAULT_LANG)


def msg(key: str, /, **params: Any) -> str:
    """Return the catalogue sentence for ``key`` with ``params`` filled in.

    A missing key is a programming error, but the user still deserves a readable line,
    so the key itself is shown rather than a traceback.
    """
    template = catalogue(current_lang()).get(key) or catalogue(DEFAULT_LANG).get(key)
    if template is None:
        return key + (" " + repr(params) if params else "")
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def plural(key: str, count: int, /, **params: Any) -> str:
    """The sentence for ``count`` things: ``key.one`` for exactly one, else ``key.other``.

    English needs only these two forms. The count is passed as ``{count}``. When French
    arrives this moves to Babel's ``ngettext``, which knows each language's plural rules
    (French says "0 erreur"), so callers already pass the number, never a chosen form."""
    form = "one" if count == 1 else "other"
    return msg(f"{key}.{form}", count=count, **params)
