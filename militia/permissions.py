"""Who may do what with militia data. The armed forces departments are run from the command
centre (district) and the street operators (towns); every row is also cut to the jurisdiction."""

from accounts.models import Role
from militia.errors import NotAllowed

__all__ = ["COMMAND_ROLES", "is_commander", "is_district", "street_of_user", "require_commander", "require_covers"]

# Roles that run the militia: manage units and stock, scan and dispatch, request and approve tasks.
COMMAND_ROLES = frozenset({Role.COMMAND_OPERATOR, Role.STREET_OPERATOR, Role.LEADER})


def is_commander(user) -> bool:
    return user.is_superuser or user.role in COMMAND_ROLES


def is_district(user) -> bool:
    """The district level: the whole district in sight (prefix of 6 digits, or everything)."""
    prefix = user.jurisdiction.prefix
    return prefix is not None and len(prefix) <= 6


def street_of_user(user) -> str | None:
    """The 12-digit code of the town whose level the user works at (None above or below it)."""
    prefix = user.jurisdiction.prefix
    return prefix + "000" if prefix and len(prefix) == 9 else None


def require_commander(user):
    if not is_commander(user):
        raise NotAllowed("无权操作：仅指挥中心、街道(镇)操作员与领导可以操作 (your role may not do this)")


def require_covers(user, code: str, what: str = "对象"):
    if not user.jurisdiction.covers(code):
        raise NotAllowed(f"{what}不在您的辖区内 (outside your jurisdiction)")
