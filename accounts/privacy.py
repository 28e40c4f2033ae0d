"""Personal data shown to people who do not need it in full. The one place masking rules live:
every API, page and export that shows a phone number to a role that may not see it masks it here."""

__all__ = ["mask_phone", "mask_name", "mask_id_number"]


def mask_phone(phone: str | None) -> str:
    """`13912345678` → `139****5678`: an 11-digit mobile number (or longer, e.g. with a country
    code) keeps its first 3 and last 4 digits. A shorter number (a landline) keeps only its last 2,
    since 3 + 4 of 8 digits would hide almost nothing. Blank stays blank."""
    phone = (phone or "").strip()
    if len(phone) >= 11:
        return f"{phone[:3]}****{phone[-4:]}"
    if len(phone) > 2:
        return "*" * (len(phone) - 2) + phone[-2:]
    return "*" * len(phone)


def mask_name(name: str | None) -> str:
    """`张三丰` → `张**`: the family name and one star per further character. Blank stays blank."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_id_number(number: str | None) -> str:
    """`320***********123X`: the first three and the last four characters stay, so the birth date
    never shows. Blank stays blank."""
    number = (number or "").strip()
    return f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}" if len(number) > 7 else "*" * len(number)
