"""Channel-layer group names, built in one place. Live data is grouped by street (area group):
a consumer joins the groups of the streets its jurisdiction touches and filters each frame."""

__all__ = ["area_group", "area_groups_for_prefix", "street_of", "user_group"]


def street_of(code: str) -> str:
    """The 9-digit street prefix of an area, grid or micro-grid code ('' when unknown)."""
    return code[:9] if code and len(code) >= 9 else ""


def area_group(street: str) -> str:
    return f"area.{street}"


def area_groups_for_prefix(prefix: str, streets: list[str]) -> list[str]:
    """Groups a jurisdiction with code `prefix` must join, given every street code (9 digits)."""
    return [area_group(s) for s in streets if s.startswith(prefix[:9]) or prefix.startswith(s)]


def user_group(user_id: int) -> str:
    """One person's group: their phone's inbox socket (notices pushed to chosen people)."""
    return f"user.{user_id}"
