"""Personal data shown to people who do not need it in full. The one place masking rules live:
every API, page and export that shows a phone number to a role that may not see it masks it here."""

__all__ = ["mask_phone", "mask_name", "mask_email", "mask_id_number", "covers", "worker_phone", "visitor_view"]


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


def mask_email(email: str | None) -> str:
    """`li.ming@example.cn` → `l***@example.cn`: the first character of the mailbox and the domain."""
    email = (email or "").strip()
    if not email:
        return ""
    local, at, domain = email.partition("@")
    return f"{local[:1]}***{at}{domain}"


def mask_id_number(number: str | None) -> str:
    """`320***********123X`: the first three and the last four characters stay, so the birth date
    never shows. Blank stays blank."""
    number = (number or "").strip()
    return f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}" if len(number) > 7 else "*" * len(number)


def covers(viewer_prefix: str | None, code: str | None) -> bool:
    """Whether a viewer's jurisdiction prefix (geo.jurisdiction) holds an area or grid code."""
    return viewer_prefix is not None and bool(code) and code.startswith(viewer_prefix)


def worker_phone(phone: str | None, *, viewer_prefix: str | None, worker_code: str | None, may_see: bool) -> str:
    """The one rule for a worker's phone on maps and lists: in full only to a viewer whose role may
    see contacts and whose jurisdiction holds the worker's own (a worker of another street passing
    through shows masked, as their card is not found for that viewer)."""
    if may_see and covers(viewer_prefix, worker_code):
        return phone or ""
    return mask_phone(phone)


def visitor_view(item: dict, viewer_prefix: str | None) -> dict:
    """A live-map worker item as a viewer outside the worker's own jurisdiction sees it: the
    position (it is inside the viewer's area), not which grid of another street they belong to."""
    if covers(viewer_prefix, item.get("own_grid")):
        return item
    return {**item, "own_grid": "", "visitor": True}
