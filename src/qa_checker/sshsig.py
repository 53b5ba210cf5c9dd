"""SSH signatures (the SSHSIG format of ``ssh-keygen -Y sign``), made and checked in Python.

Reviewer decisions are signed the way git signs commits with an SSH key, so a board
member uses the key they already have and a board can cross-check any decision with
``ssh-keygen -Y verify``. Verification is done here, with ``cryptography``, so
checking an intake needs no OpenSSH installed and never runs another program.

Format (OpenSSH's PROTOCOL.sshsig): the armoured blob holds the magic ``SSHSIG``, a
version, the signer's public key, a namespace, a reserved string, the hash algorithm
and the signature; what is signed is the magic, the namespace, the reserved string,
the hash algorithm and the hash of the message. Ed25519, ECDSA (P-256/384/521) and
RSA (``rsa-sha2-256``/``rsa-sha2-512``) keys are supported; security-key (``sk-``)
and certificate signatures are not, and are refused as such.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass
from typing import Any

MAGIC = b"SSHSIG"
VERSION = 1
BEGIN = "-----BEGIN SSH SIGNATURE-----"
END = "-----END SSH SIGNATURE-----"
HASHES = {"sha256": hashlib.sha256, "sha512": hashlib.sha512}
# Longest armoured signature accepted (an RSA 16384-bit one is about 5 KB).
MAX_ARMOURED = 16_384


class SignatureError(ValueError):
    """The text is not a usable SSH signature; ``reason`` is a message-catalogue key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Signature:
    """A parsed SSHSIG blob."""

    public_key: bytes  # the SSH wire encoding of the signer's public key
    namespace: str
    hash_algorithm: str
    sig_type: str
    sig_blob: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def fingerprint(public_key: bytes) -> str:
    """``SHA256:…`` as ``ssh-keygen -l`` prints it."""
    digest = base64.b64encode(hashlib.sha256(public_key).digest()).decode("ascii")
    return "SHA256:" + digest.rstrip("=")


def key_type(public_key: bytes) -> str:
    try:
        name, _ = _read_string(public_key, 0)
        return name.decode("ascii", "replace")
    except SignatureError:
        return "?"


# -- wire encoding -------------------------------------------------------------------


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _mpint(value: int) -> bytes:
    if value == 0:
        return _string(b"")
    raw = value.to_bytes((value.bit_length() + 8) // 8, "big")  # leading 0 keeps it positive
    return _string(raw)


def _read_string(data: bytes, offset: int) -> tuple[bytes, int]:
    if offset + 4 > len(data):
        raise SignatureError("sshsig.truncated")
    (length,) = struct.unpack(">I", data[offset : offset + 4])
    start, end = offset + 4, offset + 4 + length
    if end > len(data):
        raise SignatureError("sshsig.truncated")
    return data[start:end], end


def _read_mpint(data: bytes, offset: int) -> tuple[int, int]:
    raw, offset = _read_string(data, offset)
    return int.from_bytes(raw, "big", signed=False), offset


def signed_data(namespace: str, hash_algorithm: str, message: bytes) -> bytes:
    """What the key actually signs (PROTOCOL.sshsig, "Signed Data")."""
    digest = HASHES[hash_algorithm](message).digest()
    return MAGIC + _string(namespace.encode()) + _string(b"") + _string(hash_algorithm.encode()) + _string(digest)


def armour(blob: bytes) -> str:
    text = base64.b64encode(blob).decode("ascii")
    lines = [text[i : i + 70] for i in range(0, len(text), 70)]
    return "\n".join([BEGIN, *lines, END]) + "\n"


def parse(armoured: str) -> Signature:
    """The signature in an armoured ``-----BEGIN SSH SIGNATURE-----`` block."""
    if len(armoured) > MAX_ARMOURED:
        raise SignatureError("sshsig.too_long")
    text = armoured.strip()
    if not text.startswith(BEGIN) or not text.endswith(END):
        raise SignatureError("sshsig.not_armoured")
    body = "".join(text[len(BEGIN) : -len(END)].split())
    try:
        blob = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("sshsig.bad_base64") from None
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 4:
        raise SignatureError("sshsig.bad_magic")
    (version,) = struct.unpack(">I", blob[6:10])
    if version != VERSION:
        raise SignatureError("sshsig.bad_version")
    public_key, offset = _read_string(blob, 10)
    namespace, offset = _read_string(blob, offset)
    _reserved, offset = _read_string(blob, offset)
    hash_algorithm, offset = _read_string(blob, offset)
    signature, offset = _read_string(blob, offset)
    if offset != len(blob):
        raise SignatureError("sshsig.trailing")
    sig_type, inner = _read_string(signature, 0)
    sig_blob, end = _read_string(signature, inner)
    if end != len(signature):
        raise SignatureError("sshsig.trailing")
    return Signature(
        public_key=public_key,
        namespace=namespace.decode("utf-8", "replace"),
        hash_algorithm=hash_algorithm.decode("ascii", "replace"),
        sig_type=sig_type.decode("ascii", "replace"),
        sig_blob=sig_blob,
    )


# -- verifying -----------------------------------------------------------------------


def verify(signature: Signature, namespace: str, message: bytes) -> None:
    """Raise ``SignatureError`` unless ``signature`` is a valid signature of ``message``
    in ``namespace`` by the public key it carries. Who that key belongs to is the
    allowed-signers file's question (``allowed_signers.py``), not this one's."""
    if signature.namespace != namespace:
        raise SignatureError("sshsig.wrong_namespace")
    if signature.hash_algorithm not in HASHES:
        raise SignatureError("sshsig.bad_hash")
    data = signed_data(namespace, signature.hash_algorithm, message)
    from cryptography.exceptions import InvalidSignature

    try:
        _verify_raw(signature, data)
    except InvalidSignature:
        raise SignatureError("sshsig.mismatch") from None


def _verify_raw(signature: Signature, data: bytes) -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

    key = load_public_key(signature.public_key)
    kind = key_type(signature.public_key)
    if isinstance(key, ed25519.Ed25519PublicKey) and signature.sig_type == "ssh-ed25519":
        key.verify(signature.sig_blob, data)
        return
    if isinstance(key, rsa.RSAPublicKey) and signature.sig_type in ("rsa-sha2-256", "rsa-sha2-512"):
        algorithm: Any = hashes.SHA256() if signature.sig_type == "rsa-sha2-256" else hashes.SHA512()
        key.verify(signature.sig_blob, data, padding.PKCS1v15(), algorithm)
        return
    if isinstance(key, ec.EllipticCurvePublicKey) and signature.sig_type == kind:
        r, offset = _read_mpint(signature.sig_blob, 0)
        s, _ = _read_mpint(signature.sig_blob, offset)
        der = utils.encode_dss_signature(r, s)
        key.verify(der, data, ec.ECDSA(_ec_hash(key.curve.name)))
        return
    raise SignatureError("sshsig.unsupported_key")


def load_public_key(blob: bytes) -> Any:
    """The ``cryptography`` key for an SSH wire-format public key."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.serialization import load_ssh_public_key

    kind = key_type(blob)
    if kind.startswith("sk-") or "-cert-" in kind:
        raise SignatureError("sshsig.unsupported_key")
    line = kind.encode("ascii") + b" " + base64.b64encode(blob)
    try:
        return load_ssh_public_key(line)
    except (ValueError, UnsupportedAlgorithm):
        raise SignatureError("sshsig.unsupported_key") from None


def _ec_hash(curve: str) -> Any:
    """The hash ECDSA uses with each curve in SSH (RFC 5656)."""
    from cryptography.hazmat.primitives import hashes

    known: dict[str, Any] = {"secp256r1": hashes.SHA256(), "secp384r1": hashes.SHA384(), "secp521r1": hashes.SHA512()}
    if curve not in known:
        raise SignatureError("sshsig.unsupported_key")
    return known[curve]


# -- signing -------------------------------------------------------------------------


def public_blob(private_key: Any) -> bytes:
    """The SSH wire encoding of a private key's public half."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    line = private_key.public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH)
    return base64.b64decode(line.split()[1])


def sign(private_key: Any, namespace: str, message: bytes, hash_algorithm: str = "sha512") -> str:
    """An armoured SSHSIG signature of ``message``, as ``ssh-keygen -Y sign`` makes it."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

    data = signed_data(namespace, hash_algorithm, message)
    public = public_blob(private_key)
    if isinstance(private_key, ed25519.Ed25519PrivateKey):
        sig_type, raw = "ssh-ed25519", private_key.sign(data)
    elif isinstance(private_key, rsa.RSAPrivateKey):
        sig_type, raw = "rsa-sha2-512", private_key.sign(data, padding.PKCS1v15(), hashes.SHA512())
    elif isinstance(private_key, ec.EllipticCurvePrivateKey):
        sig_type = key_type(public)
        der = private_key.sign(data, ec.ECDSA(_ec_hash(private_key.curve.name)))
        r, s = utils.decode_dss_signature(der)
        raw = _mpint(r) + _mpint(s)
    else:
        raise SignatureError("sshsig.unsupported_key")
    signature = _string(sig_type.encode()) + _string(raw)
    blob = (
        MAGIC
        + struct.pack(">I", VERSION)
        + _string(public)
        + _string(namespace.encode())
        + _string(b"")
        + _string(hash_algorithm.encode())
        + _string(signature)
    )
    return armour(blob)
