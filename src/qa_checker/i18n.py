"""Which language the tool speaks, and the gettext catalogue for it.

One choice per run, made in this order (issue #16): ``--lang``, the configuration's
``lang``, the proposal's ``languages``/``language`` (first entry; ``fr-CA`` means
French), then the environment (``LC_ALL``, ``LC_MESSAGES``, ``LANG``). ``set_lang``
records it in ``QA_CHECKER_LANG`` so that worker processes speak the same language;
the message catalogue, the rule overlays and the report templates all read
``get_lang``.

Translations are gettext ``.mo`` files under ``qa_checker/locale`` read with the
standard library (``pgettext``/``npgettext``, the message key as context), so a check
never imports Babel. A test can point ``QA_CHECKER_LOCALE_DIR`` at extra catalogues
(the ``qps`` pseudo-locale); those languages are never offered to users otherwise.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path

DEFAULT_LANG = "en"
# The languages a user may choose; each but English has a catalogue in qa_checker/locale.
LANGUAGES = ("en", "fr")
DOMAIN = "qa_checker"
ENV = "QA_CHECKER_LANG"
EXTRA_DIR_ENV = "QA_CHECKER_LOCALE_DIR"
# The BCP 47 tag written into reports (HTML lang, PDF /Lang) for each language.
TAGS = {"en": "en", "fr": "fr-CA"}

_explicit: str | None = None


def locale_dir() -> Path:
    return Path(__file__).resolve().parent / "locale"


def extra_languages() -> tuple[str, ...]:
    """Languages with a catalogue in ``QA_CHECKER_LOCALE_DIR`` (tests: the pseudo-locale)."""
    extra = os.environ.get(EXTRA_DIR_ENV)
    if not extra or not Path(extra).is_dir():
        return ()
    return tuple(sorted(p.name for p in Path(extra).iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()))


def available() -> tuple[str, ...]:
    """What ``--lang`` accepts."""
    return (*LANGUAGES, *(lang for lang in extra_languages() if lang not in LANGUAGES))


def normalise(value: object) -> str | None:
    """``fr-CA``, ``fr_CA.UTF-8``, ``FR`` → ``fr``; a language we do not speak → None."""
    if not isinstance(value, str) or not value.strip():
        return None
    base = value.strip().split(".")[0].split("@")[0].replace("_", "-").split("-")[0].lower()
    return base if base in available() else None


def proposal_lang(data: object) -> str | None:
    """The language a proposal is written in, when it is one we speak: the first of its
    ``languages`` (format 2) or its ``language`` (format 1)."""
    if not isinstance(data, Mapping):
        return None
    languages = data.get("languages")
    first = languages[0] if isinstance(languages, list) and languages else data.get("language")
    return normalise(first)


def environment_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """The POSIX locale's language: ``LC_ALL`` wins over ``LC_MESSAGES`` over ``LANG``;
    the first one set decides (``C``/``POSIX`` or a language we lack → None)."""
    env = os.environ if environ is None else environ
    # QA_CHECKER_LANG first: the choice a parent process (or a test) already made.
    for name in (ENV, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return normalise(value)
    return None


def choose_lang(
    option: str | None = None,
    config_lang: str | None = None,
    proposal: object = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The language of this run: the first of option, configuration, proposal, environment
    that names a language we speak; English otherwise."""
    for candidate in (normalise(option), normalise(config_lang), proposal_lang(proposal), environment_lang(environ)):
        if candidate:
            return candidate
    return DEFAULT_LANG


def set_option(lang: str | None) -> None:
    """Remember ``--lang`` (parsed before the command knows its configuration)."""
    global _explicit
    _explicit = normalise(lang) if lang else None
    if _explicit:
        set_lang(_explicit)


def option() -> str | None:
    return _explicit


def set_lang(lang: str) -> None:
    """Speak ``lang`` from now on, in this process and the workers it starts."""
    os.environ[ENV] = normalise(lang) or DEFAULT_LANG


# (QA_CHECKER_LANG, QA_CHECKER_LOCALE_DIR) -> the language they name: every message asks,
# and normalising (which lists the extra catalogues on disk) each time cost a batch 15 %.
_memo: tuple[str | None, str | None, str] | None = None


def get_lang() -> str:
    global _memo
    raw, extra = os.environ.get(ENV), os.environ.get(EXTRA_DIR_ENV)
    if _memo is None or _memo[0] != raw or _memo[1] != extra:
        _memo = (raw, extra, normalise(raw) or DEFAULT_LANG)
    return _memo[2]


def resolve(config_lang: str | None = None, proposal: object = None) -> str:
    """Choose and set the run's language once the configuration (and, for a single
    proposal, its data) are known; ``--lang`` still wins."""
    lang = choose_lang(_explicit, config_lang, proposal)
    set_lang(lang)
    return lang


def tag(lang: str | None = None) -> str:
    """The BCP 47 tag for reports: ``fr`` → ``fr-CA``."""
    chosen = lang or get_lang()
    return TAGS.get(chosen, chosen)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue for ``lang``; English (and a missing catalogue) translate to themselves."""
    if lang == DEFAULT_LANG:
        return gettext.NullTranslations()
    folders = [locale_dir()]
    extra = os.environ.get(EXTRA_DIR_ENV)
    if extra and lang not in LANGUAGES:
        folders.insert(0, Path(extra))
    for folder in folders:
        path = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            with path.open("rb") as handle:
                return gettext.GNUTranslations(handle)
    return gettext.NullTranslations()


def pgettext(context: str, english: str, lang: str | None = None) -> str:
    return translations(lang or get_lang()).pgettext(context, english)


def npgettext(context: str, one: str, other: str, count: int, lang: str | None = None) -> str:
    return translations(lang or get_lang()).npgettext(context, one, other, count)


@contextmanager
def with_lang(lang: str) -> Iterator[str]:
    """Speak ``lang`` for a block (one edition of ``report --lang en,fr``), then go back."""
    before = os.environ.get(ENV)
    set_lang(lang)
    try:
        yield lang
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before
