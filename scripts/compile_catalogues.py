"""Compile each language's .po into the .mo that qa-checker reads at run time.

The .mo files are committed beside their .po (src/qa_checker/locale/<lang>/LC_MESSAGES/),
so a plain install needs no build step and the tool needs only the standard library's
gettext. Fuzzy entries (English changed since the translation) are left out, so the
English text shows until a translator confirms the French. The output is deterministic:
compiling an unchanged .po gives the same bytes, which tests/test_i18n.py checks.

    .venv/bin/python scripts/compile_catalogues.py           # rebuild every .mo
    .venv/bin/python scripts/compile_catalogues.py --check   # exit 1 if a .mo is stale
    .venv/bin/python scripts/compile_catalogues.py --pseudo DIR
        # build the pseudo-locale `qps` from the .pot into DIR/qps/LC_MESSAGES/ (tests only;
        # every text wrapped in ⟦ ⟧ so English that bypasses the catalogue stands out)
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "qa_checker" / "locale"
DOMAIN = "qa_checker"
PSEUDO = "qps"
OPEN, CLOSE = "⟦", "⟧"
# str.format fields ({count}, {file!r}) stay as they are so the pseudo text still formats.
FIELD = re.compile(r"(\{[^{}]*\})")


def compile_po(po: Path) -> bytes:
    with po.open("rb") as handle:
        catalog = read_po(handle, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def pseudo_text(text: str) -> str:
    """``text`` wrapped in ⟦ ⟧ with its letters accented, fields untouched."""
    parts = FIELD.split(text)
    table = str.maketrans("aeiouAEIOU", "àéîõüÀÉÎÕÜ")
    body = "".join(part if FIELD.fullmatch(part) else part.translate(table) for part in parts)
    return f"{OPEN}{body}{CLOSE}"


def pseudo_catalogue() -> bytes:
    with (LOCALE / f"{DOMAIN}.pot").open("rb") as handle:
        template = read_po(handle, domain=DOMAIN)
    catalog = Catalog(locale="en", domain=DOMAIN, fuzzy=False)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            string: str | tuple[str, str] = (pseudo_text(message.id[0]), pseudo_text(message.id[1]))
        else:
            string = pseudo_text(message.id)
        catalog.add(message.id, string, context=message.context)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a .mo is stale")
    parser.add_argument("--pseudo", type=Path, metavar="DIR", help="build the pseudo-locale into DIR instead")
    args = parser.parse_args(argv)
    if args.pseudo is not None:
        target = args.pseudo / PSEUDO / "LC_MESSAGES" / f"{DOMAIN}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pseudo_catalogue())
        print(f"wrote {target}")
        return 0
    stale = []
    for po in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        data = compile_po(po)
        if mo.exists() and mo.read_bytes() == data:
            continue
        stale.append(mo)
        if not args.check:
            mo.write_bytes(data)
            print(f"wrote {mo.relative_to(ROOT)}")
    if args.check:
        for mo in stale:
            print(f"{mo.relative_to(ROOT)} is out of date: run scripts/compile_catalogues.py", file=sys.stderr)
        return 1 if stale else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
