"""Random keys handed to other systems (Open311 api keys, integration secrets)."""

import secrets

__all__ = ["new_secret"]


def new_secret() -> str:
    """A random URL-safe key (32 characters, 192 bits)."""
    return secrets.token_urlsafe(24)
