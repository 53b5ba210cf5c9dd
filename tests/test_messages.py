"""The message catalogue: every key the code uses exists, and every template fills.

``msg`` falls back to printing the key rather than crashing, so a misspelt key would
otherwise ship unnoticed as a raw ``report.something`` in front of a user.
"""

from __future__ import annotations

import ast
import string

from qa_checker.messages import catalogue

from conftest import REPO

ERROR_TYPES = {"InputError", "QaError", "NotAProposal", "RuleSetError"}


def used_keys() -> dict[str, str]:
    """Literal message keys in the source → where the first use is."""
    found: dict[str, str] = {}
    for path in sorted((REPO / "src" / "qa_checker").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            args = node.args
            key = None
            if name == "msg" and args and isinstance(args[0], ast.Constant):
                key = args[0].value
            elif name == "plural" and args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                for form in ("one", "other"):
                    found.setdefault(f"{args[0].value}.{form}", f"{path.relative_to(REPO)}:{node.lineno}")
                continue
            elif name in ERROR_TYPES and len(args) > 1 and isinstance(args[1], ast.Constant):
                key = args[1].value
            if isinstance(key, str) and "." in key:
                found.setdefault(key, f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_every_message_key_the_code_uses_exists() -> None:
    known = catalogue("en")
    missing = {key: where for key, where in used_keys().items() if key not in known}
    assert missing == {}


def test_the_scan_sees_keys() -> None:
    keys = used_keys()
    assert "cli.internal_error" in keys and "loader.too_deep" in keys


def test_every_template_is_well_formed() -> None:
    for key, template in catalogue("en").items():
        assert isinstance(template, str), key
        list(string.Formatter().parse(template))  # raises on an unbalanced brace


def test_plural_picks_the_form_by_count() -> None:
    from qa_checker.messages import plural

    assert plural("text.errors", 1) == "1 error"
    assert plural("text.errors", 0) == "0 errors"
    assert plural("text.errors", 2) == "2 errors"
