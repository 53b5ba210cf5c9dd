"""Render the report's HTML from ``report_templates/`` with Jinja2.

Autoescaping is switched on explicitly: Jinja2's default is off, and
``select_autoescape`` decides by file extension, which ``report.html.j2`` does not
match. ``StrictUndefined`` turns a typo in a template into an error in the tests
rather than a silently blank cell in a filed report. Proposal values are only ever
passed as data, never compiled as templates, so Jinja syntax in a proposal stays text.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from qa_checker import i18n, typography
from qa_checker.messages import current_lang, msg, plural
from qa_checker.paths import templates_dir
from qa_checker.report.context import ReportContext

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"
_CSS_UNSAFE = re.compile(r'[\\"\n\r\f<>]')
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_PATH_BREAK = re.compile(r"([./\[])")
ZWSP = "\u200b"


def css_string(value: str) -> Markup:
    """Quote a catalogue word for a CSS ``content:`` string inside ``<style>``.

    HTML escaping is wrong there (``&amp;`` would print literally), so quotes,
    backslashes, newlines and angle brackets are CSS-escaped instead.
    """
    escaped = _CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group()):x} ", str(value))
    return Markup(f'"{escaped}"')


def web_url(value: object) -> str | None:
    """A rule or framework source worth a link: http(s) only; anything else stays text."""
    if not isinstance(value, str):
        return None
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return None
    return value if scheme in ("http", "https") else None


def code_spans(value: object) -> Markup:
    """Rule text marks field names and commands with backticks, as Markdown does: show
    them as ``<code>`` instead of printing the backticks. The text is escaped first, so
    proposal text inside a message stays inert; only the backtick pairs become markup."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(value))))


def path_breaks(value: object) -> str:
    """A field path (``assessments[0].maps_to``) may wrap after a dot or a slash
    or before a bracket, never inside a name ("maps_t / o")."""
    return _PATH_BREAK.sub(lambda m: m.group() + ZWSP if m.group() != "[" else ZWSP + m.group(), str(value))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates_dir()),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.globals["msg"] = msg
    env.globals["plural"] = plural
    env.globals["colon"] = lambda: typography.colon(current_lang())
    env.filters["long_date"] = lambda value: typography.date(value, current_lang())
    env.filters["number"] = lambda value: typography.number(value, current_lang())
    # {% trans %} blocks and _() in templates: gettext with the current language at render
    # time, so one cached environment serves every edition of `report --lang en,fr`.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda text: i18n.translations(current_lang()).gettext(text),
        ngettext=lambda one, other, n: i18n.translations(current_lang()).ngettext(one, other, n),
        pgettext=lambda ctx, text: i18n.pgettext(ctx, text),
        npgettext=lambda ctx, one, other, n: i18n.npgettext(ctx, one, other, n),
        newstyle=True,
    )
    env.filters["css_string"] = css_string
    env.filters["web_url"] = web_url
    env.filters["code"] = code_spans
    env.filters["path_breaks"] = path_breaks
    return env


def stylesheet() -> Markup:
    """The packaged CSS, inlined so an HTML report is one self-contained file."""
    return Markup((templates_dir() / STYLESHEET).read_text(encoding="utf-8"))


def render_html(context: ReportContext) -> str:
    return environment().get_template(TEMPLATE).render(report=context, stylesheet=stylesheet())
