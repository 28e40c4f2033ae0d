"""Masks for personal data (phone numbers, names) shown to users whose role does not need them."""

__all__ = ["mask_phone", "mask_name"]


def mask_phone(value) -> str:
    """138****5678: the first three and the last four digits."""
    value = str(value or "")
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 8 else "*" * len(value)


def mask_name(value) -> str:
    """张** : the family name and one star per further character."""
    value = str(value or "")
    return value[:1] + "*" * max(len(value) - 1, 1) if value else ""
