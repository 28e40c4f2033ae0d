"""Random keys handed to other systems (Open311 api keys, integration secrets)."""

import hashlib
import secrets

__all__ = ["new_secret", "digest"]


def new_secret() -> str:
    """A random URL-safe key (32 characters, 192 bits)."""
    return secrets.token_urlsafe(24)


def digest(key: str) -> str:
    """What is stored of a key we only need to recognise (Open311 api keys): its SHA-256, hex."""
    return hashlib.sha256(key.encode()).hexdigest()
