"""Turning a document number as typed into what is stored: normalised, validated by its type,
hashed for lookup and encrypted for display (registry/crypto.py)."""

import re
from dataclasses import dataclass
from datetime import date

from registry.crypto import decrypt_id, encrypt_id, id_hash
from registry.idnumbers import IdCard, IdNumberError, normalise, parse_id_card

__all__ = ["Identity", "identify", "lookup_hash", "reveal", "IdNumberError"]

_OTHER_SHAPE = re.compile(r"[A-Z0-9]{5,20}")


@dataclass(frozen=True)
class Identity:
    number: str
    digest: bytes
    card: IdCard | None  # for resident ID cards: region, birth date, gender

    def cipher(self) -> bytes:
        return encrypt_id(self.number, self.digest)


def identify(document_type: str, number: str, today: date | None = None) -> Identity:
    """Validate `number` for its document type; IdNumberError says what is wrong."""
    n = normalise(number)
    if document_type == "id_card":
        card = parse_id_card(n, today)
        return Identity(card.number, id_hash(card.number), card)
    if not _OTHER_SHAPE.fullmatch(n):
        raise IdNumberError("证件号码应为5–20位字母或数字 (5–20 letters or digits)")
    return Identity(n, id_hash(n), None)


def lookup_hash(number: str) -> bytes:
    """The hash to search for a number as typed (any document type)."""
    return id_hash(normalise(number))


def reveal(cipher, digest) -> str:
    return decrypt_id(cipher, digest)
