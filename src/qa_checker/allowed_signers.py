"""The board's list of reviewers' keys, in OpenSSH's allowed-signers format.

Each line: ``principals [options] keytype base64-key [comment]``, exactly as
``ssh-keygen -Y verify -f FILE`` and git's ``gpg.ssh.allowedSignersFile`` read it, so a
board keeps one file for commits and decisions alike. Supported options:
``namespaces="…"`` (a decision needs ``qa-checker-decision`` among them, when given),
``valid-after`` and ``valid-before`` (checked against the decision's date).
``cert-authority`` lines are refused rather than skipped: a board relying on them
would otherwise see every decision quietly fall back to "unknown signer".

The file is read only from where the board says (``--allowed-signers`` or the user's
own configuration, see ``userconfig.py``); never from beside a submission.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

from qa_checker.errors import QaError
from qa_checker.limits import DEFAULT_LIMITS

KEY_TYPES = ("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521")
_TIMESTAMP = re.compile(r"^(\d{8})(\d{4}(\d{2})?)?Z?$")


@dataclass(frozen=True)
class AllowedSigner:
    principals: tuple[str, ...]  # patterns, as OpenSSH matches them (``*``, ``?``, ``!``)
    key: bytes  # the SSH wire encoding of the public key
    namespaces: tuple[str, ...] | None
    valid_after: str | None  # ``YYYY-MM-DD``
    valid_before: str | None
    line: int

    def matches(self, principal: str) -> bool:
        """OpenSSH pattern-list matching: a negated pattern that matches refuses."""
        hit = False
        for pattern in self.principals:
            if pattern.startswith("!"):
                if fnmatch.fnmatchcase(principal, pattern[1:]):
                    return False
            elif fnmatch.fnmatchcase(principal, pattern):
                hit = True
        return hit

    def allows(self, namespace: str, date: str) -> bool:
        if self.namespaces is not None and not any(fnmatch.fnmatchcase(namespace, n) for n in self.namespaces):
            return False
        if self.valid_after and date < self.valid_after:
            return False
        return not (self.valid_before and date >= self.valid_before)


@dataclass(frozen=True)
class Signers:
    """A loaded allowed-signers file (``path`` None: none is configured)."""

    path: str | None = None
    entries: tuple[AllowedSigner, ...] = ()

    def for_key(self, key: bytes) -> list[AllowedSigner]:
        return [entry for entry in self.entries if entry.key == key]


def load(path: Path) -> Signers:
    """Read and check the whole file; a line that cannot be understood stops the run
    (exit code 2) with its line number, since guessing would change who is trusted."""
    shown = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(DEFAULT_LIMITS.max_bytes + 1)
    except OSError as exc:
        raise QaError(shown, "signers.unreadable", {"reason": exc.strerror or str(exc)}) from None
    if len(raw) > DEFAULT_LIMITS.max_bytes:
        raise QaError(shown, "signers.too_large", {"limit": DEFAULT_LIMITS.max_bytes})
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise QaError(shown, "signers.not_utf8") from None
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            entries.append(_entry(shown, number, stripped))
    return Signers(shown, tuple(entries))


def _tokens(line: str) -> list[str]:
    """Split on blanks outside double quotes (options such as ``namespaces="a,b"``)."""
    out, current, quoted = [], "", False
    for char in line:
        if char == '"':
            quoted = not quoted
            current += char
        elif char in " \t" and not quoted:
            if current:
                out.append(current)
            current = ""
        else:
            current += char
    if quoted:
        return []
    if current:
        out.append(current)
    return out


def _entry(file: str, number: int, line: str) -> AllowedSigner:
    tokens = _tokens(line)
    if len(tokens) < 3:
        raise QaError(file, "signers.bad_line", {}, number, 1)
    principals = tuple(p for p in tokens[0].strip('"').split(",") if p)
    options: dict[str, str] = {}
    rest = tokens[1:]
    if rest[0] not in KEY_TYPES and not rest[0].startswith(("sk-", "ecdsa-", "ssh-")):
        options = _options(file, number, rest[0])
        rest = rest[1:]
    if len(rest) < 2 or not principals:
        raise QaError(file, "signers.bad_line", {}, number, 1)
    kind, encoded = rest[0], rest[1]
    if kind not in KEY_TYPES:
        raise QaError(file, "signers.key_type", {"type": kind, "known": ", ".join(KEY_TYPES)}, number, 1)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise QaError(file, "signers.bad_key", {}, number, 1) from None
    from qa_checker.sshsig import key_type

    if key_type(key) != kind:
        raise QaError(file, "signers.bad_key", {}, number, 1)
    namespaces = options.get("namespaces")
    return AllowedSigner(
        principals=principals,
        key=key,
        namespaces=tuple(namespaces.split(",")) if namespaces is not None else None,
        valid_after=_date(file, number, options.get("valid-after")),
        valid_before=_date(file, number, options.get("valid-before")),
        line=number,
    )


def _options(file: str, number: int, text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in re.findall(r'[^,"=]+(?:=(?:"[^"]*"|[^,]*))?', text):
        name, _, value = part.partition("=")
        name = name.strip().lower()
        if name == "cert-authority":
            raise QaError(file, "signers.cert_authority", {}, number, 1)
        if name not in ("namespaces", "valid-after", "valid-before"):
            raise QaError(file, "signers.bad_option", {"option": name}, number, 1)
        out[name] = value.strip('"')
    return out


def _date(file: str, number: int, value: str | None) -> str | None:
    if value is None:
        return None
    match = _TIMESTAMP.match(value)
    if not match:
        raise QaError(file, "signers.bad_time", {"value": value}, number, 1)
    day = match.group(1)
    return f"{day[:4]}-{day[4:6]}-{day[6:]}"
