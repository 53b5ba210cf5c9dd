"""Regenerate the gettext template from the English catalogue and merge it into each .po.

English stays the source (report_templates/messages/en/*.yaml, key -> text). This script
writes ``src/qa_checker/locale/qa_checker.pot`` with one entry per key (``msgctxt`` = the
key, ``msgid`` = the English text; a ``key.one``/``key.other`` pair becomes one plural
entry whose context is the base key), then merges it into every
``src/qa_checker/locale/<lang>/LC_MESSAGES/qa_checker.po``:

- a key whose English is unchanged keeps its translation;
- a key whose English changed keeps its old translation but is marked fuzzy (the old
  English is kept as ``#| msgid`` so a translator sees what changed); a fuzzy entry is
  not used at run time (compile_catalogues.py leaves it out), so English shows until
  someone checks the French;
- a new key gets an empty translation; a removed key is dropped.

The merge is by key (msgctxt), not Babel's similarity matching, which could pair a
message with another key's translation.

    .venv/bin/python scripts/extract_messages.py           # write .pot, merge every .po
    .venv/bin/python scripts/extract_messages.py --init fr # also create a missing fr .po
    .venv/bin/python scripts/extract_messages.py --check   # exit 1 if anything would change

Then run scripts/compile_catalogues.py to rebuild the .mo files.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "report_templates" / "messages" / "en"
LOCALE = ROOT / "src" / "qa_checker" / "locale"
DOMAIN = "qa_checker"
PROJECT = "qa-checker"
LOCALES = {"fr": "fr_CA"}
# gettext's classic rule for French (0 and 1 singular). Babel's CLDR data adds a third
# form for millions ("1 000 000 de ..."), which no message here needs; two forms keep
# the catalogue the same shape as the English one.
PLURAL_FORMS = {"fr": (2, "(n > 1)")}


def english_entries() -> Iterator[tuple[str, str | tuple[str, str], str, int]]:
    """(context, msgid or (singular, plural), file name, line) for every English key, in file order."""
    for path in sorted(ENGLISH.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
        lines = {}
        for number, line in enumerate(text.splitlines(), start=1):
            key = line.split(":", 1)[0].strip()
            if key and not key.startswith("#"):
                lines.setdefault(key, number)
        rel = path.relative_to(ROOT).as_posix()
        for key, value in data.items():
            if not isinstance(value, str):
                raise SystemExit(f"{rel}:{lines.get(key, 0)}: {key} is not a string")
            base, _, form = key.rpartition(".")
            pair = base and form in ("one", "other") and f"{base}.one" in data and f"{base}.other" in data
            if pair and form == "other":
                continue
            if pair:
                yield base, (value, str(data[f"{base}.other"])), rel, lines.get(key, 0)
            else:
                yield key, value, rel, lines.get(key, 0)


def help_entries() -> Iterator[tuple[str, str, str, int]]:
    """(context, English, file, line) of every command-line help text: the English is
    written where each command is declared, so it is read from the commands themselves."""
    import inspect

    sys.path.insert(0, str(ROOT / "src"))
    from qa_checker import helptext
    from qa_checker.cli import COMMANDS, LazyGroup, cli

    seen: set[str] = set()
    group = [("qa-checker", cli)]
    commands = [(name, LazyGroup.get_command(cli, None, name)) for name in sorted(COMMANDS)]  # type: ignore[arg-type]
    for name, command in group + commands:
        assert command is not None
        callback = command.callback
        source = inspect.getsourcefile(callback) if callback else None
        rel = Path(source).resolve().relative_to(ROOT).as_posix() if source else "src/qa_checker/cli.py"
        line = 0  # the file only: a line number would go stale whenever the module is edited
        for context, english in helptext.help_entries(command, name):
            if context not in seen:
                seen.add(context)
                yield context, english, rel, line


def build_template() -> Catalog:
    template = Catalog(project=PROJECT, domain=DOMAIN, fuzzy=False, creation_date=None, revision_date=None)
    seen: set[str] = set()
    for context, msgid, rel, line in [*english_entries(), *help_entries()]:
        if context in seen:
            raise SystemExit(f"{rel}:{line}: the key {context} is defined twice in the English catalogue")
        seen.add(context)
        if not msgid or (isinstance(msgid, tuple) and not all(msgid)):
            raise SystemExit(f"{rel}:{line}: the key {context} has an empty English text")
        template.add(msgid, context=context, locations=[(rel, line)])
    return template


def merge(template: Catalog, old: Catalog) -> Catalog:
    """A new catalogue with the template's entries and ``old``'s translations, matched by context."""
    by_context: dict[str, Message] = {}
    for message in old:
        if message.id and message.context:
            by_context[message.context] = message
    new = Catalog(
        locale=old.locale,
        domain=DOMAIN,
        project=PROJECT,
        fuzzy=False,
        creation_date=old.creation_date,
        revision_date=old.revision_date,
        last_translator=old.last_translator,
        language_team=old.language_team,
        header_comment=old.header_comment,
    )
    lang = str(old.locale).split("_")[0] if old.locale else ""
    if lang in PLURAL_FORMS:
        new._num_plurals, new._plural_expr = PLURAL_FORMS[lang]
    for message in template:
        if not message.id:
            continue
        previous = by_context.get(message.context or "")
        string: str | tuple[str, ...] = "" if not message.pluralizable else ("",) * new.num_plurals
        flags: set[str] = set()
        previous_id: list[str] = []
        if previous is not None and _translated(previous):
            string = _shape(previous.string, message.pluralizable, new.num_plurals)
            if previous.id != message.id:
                flags.add("fuzzy")
                previous_id = list(previous.id) if isinstance(previous.id, tuple) else [previous.id]
            elif previous.fuzzy:
                flags.add("fuzzy")
                previous_id = list(previous.previous_id)
        new.add(
            message.id,
            string,
            context=message.context,
            locations=message.locations,
            flags=flags,
            previous_id=previous_id,
            user_comments=list(previous.user_comments) if previous is not None else [],
        )
    return new


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return any(strings)


def _shape(string: str | tuple[str, ...] | list[str], plural: bool, count: int) -> str | tuple[str, ...]:
    """Carry a translation over when an entry turned plural or singular (then it is fuzzy anyway)."""
    strings = tuple(string) if isinstance(string, tuple | list) else (string,)
    if not plural:
        return strings[0]
    return tuple(strings[i] if i < len(strings) else strings[-1] for i in range(count))


def render(catalog: Catalog, *, template: bool = False) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=False, omit_header=False, include_previous=True, ignore_obsolete=True)
    data = out.getvalue()
    if template:
        # The template's header carries no dates so that regenerating it changes nothing.
        data = b"\n".join(line for line in data.split(b"\n") if not line.startswith(b'"POT-Creation-Date'))
    return data


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--init", action="append", default=[], metavar="LANG", help="create this language's .po")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    template = build_template()
    outputs: dict[Path, bytes] = {LOCALE / f"{DOMAIN}.pot": render(template, template=True)}
    langs = sorted({p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")} | set(args.init))
    for lang in langs:
        path = po_path(lang)
        if path.exists():
            with path.open("rb") as handle:
                old = read_po(handle, locale=LOCALES.get(lang, lang), domain=DOMAIN)
        else:
            old = Catalog(
                locale=LOCALES.get(lang, lang),
                domain=DOMAIN,
                project=PROJECT,
                fuzzy=False,
                header_comment=f"# {lang} messages of qa-checker (msgctxt = message key; English is the source).",
                language_team=f"{lang}",
                last_translator="qa-checker",
            )
        outputs[path] = render(merge(template, old))
    stale = [path for path, data in outputs.items() if not path.exists() or path.read_bytes() != data]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run scripts/extract_messages.py", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(outputs[path])
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
