"""Signing decisions for ``qa-checker review``: which key, which principal, how.

The key is ``--key``, else ``signing_key`` in the user's configuration, else git's
SSH signing key (``gpg.format = ssh`` and ``user.signingkey``, read from the user's
global git configuration only, never from a repository a submitter could ship).

An unencrypted OpenSSH private key is used directly, in Python. A passphrase-protected
key, or one that only an ssh-agent holds (``user.signingkey`` naming a ``.pub`` file
or a ``key::`` literal), is signed by ``ssh-keygen -Y sign``, which asks for the
passphrase or talks to the agent itself; all of a run's decisions go to one
``ssh-keygen`` call, so the passphrase is asked once. Every signature made either way
is verified in Python before it is written.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_checker import sshsig
from qa_checker.errors import QaError
from qa_checker.userconfig import UserConfig

MAX_KEY_BYTES = 65_536
GIT_SECONDS = 10
# ssh-keygen may wait for a passphrase typed by a person.
KEYGEN_SECONDS = 600


@dataclass
class KeySigner:
    """Signs with a key; ``public`` is its SSH wire-format public key."""

    source: str  # the file or ``key::`` literal, for messages
    public: bytes
    private: Any = None  # a ``cryptography`` key, when usable directly
    keygen_file: str | None = None  # what ``ssh-keygen -Y sign -f`` gets otherwise

    @property
    def fingerprint(self) -> str:
        return sshsig.fingerprint(self.public)

    def public_line(self) -> str:
        return f"{sshsig.key_type(self.public)} {base64.b64encode(self.public).decode('ascii')}"

    def sign_all(self, namespace: str, messages: Sequence[bytes]) -> list[str]:
        if self.private is not None:
            signatures = [sshsig.sign(self.private, namespace, m) for m in messages]
        else:
            signatures = _keygen_sign(self, namespace, messages)
        for signature, message in zip(signatures, messages, strict=True):
            try:
                parsed = sshsig.parse(signature)
                if parsed.public_key != self.public:
                    raise QaError(self.source, "sign.other_key")
                sshsig.verify(parsed, namespace, message)
            except sshsig.SignatureError as exc:
                raise QaError(self.source, "sign.self_check", {"reason": exc.reason}) from None
        return signatures


def key_path(explicit: str | None, user: UserConfig) -> str:
    """Where the signing key is; a ``key::`` literal when git names one that way."""
    if explicit:
        return str(Path(explicit).expanduser())
    if user.signing_key is not None:
        return str(user.signing_key)
    if _git("gpg.format") == "ssh":
        configured = _git("user.signingkey")
        if configured:
            return configured if configured.startswith("key::") else str(Path(configured).expanduser())
    raise QaError("review", "sign.no_key", {"config": str(user.path)})


def open_signer(source: str) -> KeySigner:
    """Load the key at ``source`` (or its public half, for ``ssh-keygen``/agent signing)."""
    if source.startswith("key::"):
        return KeySigner(source, _public_from_line(source, source[5:]), keygen_file=None)
    path = Path(source)
    private_path = path.with_suffix("") if path.suffix == ".pub" else path
    if private_path.is_file():
        data = _read(private_path)
        if b"PRIVATE KEY" in data:
            return _private(private_path, data)
    public_path = path if path.suffix == ".pub" else Path(str(path) + ".pub")
    if public_path.is_file():
        return KeySigner(source, _public_from_line(str(public_path), _read(public_path).decode("ascii", "replace")))
    raise QaError(source, "sign.no_such_key")


def _private(path: Path, data: bytes) -> KeySigner:
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.serialization import load_ssh_private_key

    try:
        key = load_ssh_private_key(data, None)
    except TypeError:  # passphrase-protected: ssh-keygen asks for it
        pub = Path(str(path) + ".pub")
        if not pub.is_file():
            raise QaError(str(path), "sign.encrypted_no_pub") from None
        return KeySigner(str(path), _public_from_line(str(pub), _read(pub).decode("ascii", "replace")), None, str(path))
    except (ValueError, UnsupportedAlgorithm):
        raise QaError(str(path), "sign.bad_key") from None
    try:
        return KeySigner(str(path), sshsig.public_blob(key), key)
    except sshsig.SignatureError:
        raise QaError(str(path), "sign.bad_key") from None


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_BYTES + 1)
    except OSError as exc:
        raise QaError(str(path), "sign.unreadable", {"reason": exc.strerror or str(exc)}) from None
    if len(data) > MAX_KEY_BYTES:
        raise QaError(str(path), "sign.bad_key")
    return data


def _public_from_line(source: str, line: str) -> bytes:
    parts = line.split()
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (IndexError, ValueError):
        raise QaError(source, "sign.bad_key") from None
    if sshsig.key_type(blob) != parts[0]:
        raise QaError(source, "sign.bad_key")
    return blob


def _keygen_sign(signer: KeySigner, namespace: str, messages: Sequence[bytes]) -> list[str]:
    keygen = shutil.which("ssh-keygen")
    if keygen is None:
        raise QaError(signer.source, "sign.needs_keygen")
    with tempfile.TemporaryDirectory(prefix="qa-checker-sign-") as tmp:
        folder = Path(tmp)
        key_file = signer.keygen_file
        if key_file is None:  # an agent-held key: ssh-keygen finds it by its public half
            key_file = str(folder / "key.pub")
            Path(key_file).write_text(signer.public_line() + "\n", encoding="ascii")
        files = []
        for index, message in enumerate(messages):
            file = folder / f"decision-{index}"
            file.write_bytes(message)
            files.append(str(file))
        try:
            done = subprocess.run(
                [keygen, "-Y", "sign", "-f", key_file, "-n", namespace, *files],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=KEYGEN_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise QaError(signer.source, "sign.keygen_failed", {"reason": str(exc)[:200]}) from None
        if done.returncode != 0:
            reason = done.stderr.decode("utf-8", "replace").strip()[:300]
            raise QaError(signer.source, "sign.keygen_failed", {"reason": reason})
        return [Path(f + ".sig").read_text(encoding="ascii") for f in files]


def principal(explicit: str | None, user: UserConfig, signer: KeySigner, listed: Sequence[Any]) -> str:
    """Who the signature says signed: ``--signer``, the user's ``signer``, the principal
    the board lists for this key, or git's ``user.email``."""
    if explicit:
        return explicit
    if user.signer:
        return user.signer
    for entry in listed:
        for pattern in entry.principals:
            if not any(ch in pattern for ch in "*?!"):
                return str(pattern)
    email = _git("user.email")
    if email:
        return email
    raise QaError(signer.source, "sign.no_principal", {"config": str(user.path)})


def _git(name: str) -> str | None:
    """A value from the user's global git configuration (never a repository's)."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run(
            [git, "config", "--global", "--get", name],
            capture_output=True,
            text=True,
            timeout=GIT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value else None
