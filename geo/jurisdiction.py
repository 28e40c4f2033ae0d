"""Who may see which area. Codes are hierarchical, so a jurisdiction is a code prefix:
district 6 digits (GB/T 2260), street +3, community +3, grid +3, micro-grid +3.
"Inside my jurisdiction" is then a prefix match on an indexed code column, with no spatial work."""

from dataclasses import dataclass

from django.db.models import Q

__all__ = ["Jurisdiction", "prefix_of", "level_of_code"]

# Length of the significant prefix of a 12-digit admin code, by level.
_ADMIN_PREFIX = {"district": 6, "street": 9, "community": 12}


def level_of_code(code: str) -> str:
    """The level a code names: district/street/community (12 digits), grid (15), micro_grid (18)."""
    if len(code) == 18:
        return "micro_grid"
    if len(code) == 15:
        return "grid"
    if len(code) != 12:
        raise ValueError(f"not an area code: {code!r}")
    if code[6:] == "000000":
        return "district"
    if code[9:] == "000":
        return "street"
    return "community"


def prefix_of(code: str) -> str:
    """The code prefix shared by everything inside the area `code` names."""
    level = level_of_code(code)
    return code[: _ADMIN_PREFIX[level]] if level in _ADMIN_PREFIX else code


@dataclass(frozen=True)
class Jurisdiction:
    """A user's visible area. `prefix` None means nothing is visible; "" means everything."""

    prefix: str | None

    @classmethod
    def for_user(cls, user) -> "Jurisdiction":
        if user is None or not user.is_authenticated:
            return cls(None)
        if user.is_superuser:
            return cls("")
        if not user.jurisdiction_code:
            return cls(None)
        return cls(prefix_of(user.jurisdiction_code))

    def q(self, field: str = "code") -> Q:
        """A filter keeping rows whose `field` (a code) lies inside this jurisdiction."""
        if self.prefix is None:
            return Q(pk__in=[])
        if self.prefix == "":
            return Q()
        return Q(**{f"{field}__startswith": self.prefix})

    def covers(self, code: str | None) -> bool:
        if self.prefix is None or code is None:
            return False
        return code.startswith(self.prefix)

    def sees_area(self, code: str) -> bool:
        """Also true for the areas above the jurisdiction (a street operator sees its district)."""
        if self.prefix is None:
            return False
        return self.covers(code) or self.prefix.startswith(prefix_of(code))
