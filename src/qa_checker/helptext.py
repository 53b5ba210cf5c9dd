"""``--lang`` on every command, and command-line help in the chosen language.

Help texts are written in English where each command is declared (click decorators
and docstrings); that English is the ``msgid`` and ``help.<command>[.<option>]`` the
``msgctxt`` of their gettext entries (scripts/extract_messages.py collects them), so
the French help is looked up exactly like any other message. The English is kept
aside the first time a command is translated, so a later run in another language
(tests run many in one process) starts again from it.
"""

from __future__ import annotations

import click

from qa_checker import i18n

# id(object) → its English help, so each translation starts from the source text.
_english: dict[int, str | None] = {}


def _remember(obj: object, value: str | None) -> str | None:
    return _english.setdefault(id(obj), value)


def _context(name: str, param: click.Parameter) -> str:
    # --lang is the same option everywhere: one entry, not one per command
    return "help.lang" if param.name == "lang" and name != "qa-checker" else f"help.{name}.{param.name}"


def _store_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    lang = i18n.normalise(value) or i18n.DEFAULT_LANG
    i18n.set_option(lang)
    translate(ctx.command, ctx.info_name if ctx.parent is not None and ctx.info_name else "qa-checker")
    return lang


def lang_option() -> click.Option:
    """``--lang en|fr``: eager, so ``--lang fr --help`` shows French help."""
    return click.Option(
        ["--lang"],
        type=click.Choice(i18n.available(), case_sensitive=False),
        default=None,
        is_eager=True,
        expose_value=False,
        callback=_store_lang,
        help=(
            "Language of the output: en or fr. Default: the configuration's `lang`, "
            "then the proposal's language, then LANG."
        ),
    )


def add_lang_option(command: click.Command) -> None:
    if not any("--lang" in p.opts for p in command.params):
        command.params.insert(0, lang_option())


def help_entries(command: click.Command, name: str) -> list[tuple[str, str]]:
    """(context, English text) of every help text of ``command``: what the .pot holds."""
    found: list[tuple[str, str]] = []
    english = _remember(command, command.help)
    if english:
        found.append((f"help.{name}", english))
    for param in command.params:
        text = _remember(param, getattr(param, "help", None))
        if text and param.name:
            found.append((_context(name, param), text))
    return found


def translate(command: click.Command, name: str) -> None:
    """Put ``command``'s help texts in the current language (English when untranslated)."""
    english = _remember(command, command.help)
    if english:
        command.help = i18n.pgettext(f"help.{name}", english)
        command.short_help = None
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        text = _remember(param, param.help)
        if text and param.name:
            param.help = i18n.pgettext(_context(name, param), text)
