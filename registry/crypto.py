"""ID numbers are never stored as plain text: each is kept as a keyed hash (HMAC-SHA-256, first 16
bytes) for exact lookup and as an AES-256-GCM ciphertext for display to those allowed to see it.

Both keys are derived (HKDF-SHA-256) from settings.PERSONAL_DATA_KEY; when that is empty (a
development machine) from SECRET_KEY, which `manage.py check --deploy` warns about (registry.W001).
Changing the key makes stored ID numbers unreadable and unsearchable: keep it with the backups.
A ciphertext is `version byte ‖ 12-byte nonce ‖ AES-GCM(number)` with the row's hash as associated
data, so a ciphertext copied onto another person's row fails to decrypt."""

import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from registry import conf

__all__ = ["id_hash", "encrypt_id", "decrypt_id", "reset_keys"]

_VERSION = b"\x01"
HASH_BYTES = 16


@lru_cache(maxsize=1)
def _keys() -> tuple[bytes, AESGCM]:
    material = (conf.PERSONAL_DATA_KEY or settings.SECRET_KEY).encode()
    out = HKDF(algorithm=hashes.SHA256(), length=64, salt=b"wangge-registry", info=b"id-number keys").derive(material)
    return out[:32], AESGCM(out[32:])


def reset_keys():
    """Forget the derived keys (after a test changes the setting)."""
    _keys.cache_clear()


def id_hash(number: str) -> bytes:
    """The lookup key of a normalised ID number."""
    return hmac.new(_keys()[0], number.encode(), hashlib.sha256).digest()[:HASH_BYTES]


def encrypt_id(number: str, digest: bytes) -> bytes:
    nonce = os.urandom(12)
    return _VERSION + nonce + _keys()[1].encrypt(nonce, number.encode(), digest)


def decrypt_id(blob: bytes | memoryview, digest: bytes | memoryview) -> str:
    blob = bytes(blob)
    if blob[:1] != _VERSION:
        raise ValueError("unknown ID ciphertext version")
    return _keys()[1].decrypt(blob[1:13], blob[13:], bytes(digest)).decode()
