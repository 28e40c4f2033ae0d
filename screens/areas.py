"""Codes of the areas a located row counts in: its grid, community, street and the district, from
its location code alone (codes are hierarchical, see geo.jurisdiction)."""

from screens.models import Level

__all__ = ["ancestors", "district_code", "level_of"]


def district_code(code: str) -> str:
    return code[:6] + "000000"


def ancestors(location_code: str | None) -> list[tuple[str, str]]:
    """[(level, code)] from the finest known to the district; [] for a blank code. A 12-digit code
    ending in 000 is a street's."""
    lc = location_code or ""
    if len(lc) < 9:
        return []
    out = []
    if len(lc) >= 15:
        out.append((Level.GRID, lc[:15]))
    if len(lc) >= 12 and lc[9:12] != "000":
        out.append((Level.COMMUNITY, lc[:12]))
    out.append((Level.STREET, lc[:9] + "000"))
    out.append((Level.DISTRICT, district_code(lc)))
    return out


def level_of(code: str) -> str:
    if len(code) == 15:
        return Level.GRID
    if code[6:] == "000000":
        return Level.DISTRICT
    return Level.STREET if code[9:] == "000" else Level.COMMUNITY
