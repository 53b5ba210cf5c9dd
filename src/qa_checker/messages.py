"""The message catalogue: every sentence the tool says that is not in a rule file.

English is the source: ``report_templates/messages/en/*.yaml`` (key → text, one file
per part of the tool, merged), filled with ``str.format`` fields so translators never
touch Python. Other languages are gettext catalogues (``qa_checker/locale``, see
``qa_checker.i18n``) whose entries have the key as ``msgctxt`` and the English text as
``msgid``: a translation made for older English is not used, the English shows instead.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from qa_checker import i18n
from qa_checker.paths import templates_dir

DEFAULT_LANG = i18n.DEFAULT_LANG


@cache
def catalogue(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """The English catalogue (the key → text source). Other languages live in gettext
    catalogues, so any other ``lang`` gives the English too."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    merged: dict[str, str] = {}
    folder = templates_dir() / "messages" / DEFAULT_LANG
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        with path.open(encoding="utf-8") as handle:
            merged.update(yaml.load(handle, Loader=loader) or {})
    return merged


def current_lang() -> str:
    return i18n.get_lang()


def _fill(template: str, params: dict[str, Any], lang: str | None = None) -> str:
    if (lang or current_lang()) == "fr":
        from qa_checker import typography

        template = typography.french_text(template)
        params = {k: typography.number(v, "fr") if isinstance(v, float) else v for k, v in params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def text(key: str, lang: str | None = None) -> str | None:
    """The unfilled sentence for ``key`` in ``lang`` (default: the current language)."""
    english = catalogue().get(key)
    if english is None:
        return None
    base, _, form = key.rpartition(".")
    if form in ("one", "other") and f"{base}.one" in catalogue() and f"{base}.other" in catalogue():
        one, other = catalogue()[f"{base}.one"], catalogue()[f"{base}.other"]
        return i18n.npgettext(base, one, other, 1 if form == "one" else 2, lang)
    return i18n.pgettext(key, english, lang)


def msg(key: str, /, **params: Any) -> str:
    """Return the catalogue sentence for ``key`` with ``params`` filled in.

    A missing key is a programming error, but the user still deserves a readable line,
    so the key itself is shown rather than a traceback.
    """
    lang = current_lang()  # once: every finding's message asks (a batch asks 100,000 times)
    template = text(key, lang)
    if template is None:
        return key + (" " + repr(params) if params else "")
    return _fill(template, params, lang)


def plural(key: str, count: int, /, **params: Any) -> str:
    """The sentence for ``count`` things, in the form the language's plural rule picks
    (gettext ``npgettext``: English "1 error"/"0 errors", French "0 erreur"/"2 erreurs").
    The English forms are ``key.one`` and ``key.other``; the count is passed as ``{count}``."""
    one, other = catalogue().get(f"{key}.one"), catalogue().get(f"{key}.other")
    if one is None or other is None:
        return msg(f"{key}.{'one' if count == 1 else 'other'}", count=count, **params)
    return _fill(i18n.npgettext(key, one, other, count), {"count": count, **params})


def words(lang: str | None = None) -> dict[str, str]:
    """Every unfilled sentence in ``lang`` (default: the current language), by key: for
    code that looks texts up by a computed key (field descriptions, schema text)."""
    return _words(lang or current_lang())


@cache
def _words(lang: str) -> dict[str, str]:
    return {key: text(key, lang) or english for key, english in catalogue().items()}
