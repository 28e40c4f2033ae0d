"""Find areas, grids, micro-grids and places by code or name, and the chain above a code."""

from django.db.models import Q

from geo.errors import NotFound
from geo.jurisdiction import Jurisdiction, level_of_code
from geo.models import AdminArea
from grids.models import Grid, MicroGrid, Place

__all__ = ["search", "chain"]

LEVELS = ["district", "street", "community", "grid", "micro_grid"]


def _hit(kind, obj, geom, code):
    west, south, east, north = geom.extent
    return {"type": kind, "id": obj.pk, "code": code, "name": obj.name, "bbox": [west, south, east, north]}


def search(text: str, jurisdiction: Jurisdiction, limit: int = 20) -> list[dict]:
    """Areas, grids, micro-grids and places whose code starts with `text` or whose name contains it,
    coarsest first, inside the jurisdiction."""
    text = text.strip()
    if not text:
        return []
    match = Q(code__startswith=text) if text.isdigit() else Q(name__contains=text)
    results = []
    sources = [
        (AdminArea.objects.exclude(level="district"), "code", lambda a: a.level),
        (Grid.objects.all(), "code", lambda g: "grid"),
        (MicroGrid.objects.all(), "code", lambda m: "micro_grid"),
    ]
    for queryset, code_field, kind in sources:
        rows = queryset.filter(jurisdiction.q(code_field)).filter(match).order_by("code")[: limit - len(results)]
        results += [_hit(kind(r), r, r.geom, r.code) for r in rows]
        if len(results) >= limit:
            return results
    if not text.isdigit():
        places = Place.objects.filter(jurisdiction.q("location_code"), name__contains=text).order_by("name")
        results += [_hit("place", p, p.geom, p.location_code) for p in places[: limit - len(results)]]
    return results


def chain(code: str, jurisdiction: Jurisdiction) -> list[dict]:
    """[{level, code, name}] from the district down to the area, grid or micro-grid `code`."""
    try:
        level = level_of_code(code)
    except ValueError:
        raise NotFound(f"编码 {code!r} 无效 (not an area code)") from None
    if not jurisdiction.covers(code):
        raise NotFound(f"找不到 {code} (not found)")
    admin_codes = {code[:6] + "000000", code[:9] + "000"}
    if level != "district" and level != "street":
        admin_codes.add(code[:12])
    found = {a.code: a for a in AdminArea.objects.filter(code__in=admin_codes)}
    if len(code) >= 15:
        found.update({g.code: g for g in Grid.objects.filter(code=code[:15])})
    if len(code) == 18:
        found.update({m.code: m for m in MicroGrid.objects.filter(code=code)})
    if code not in found:
        raise NotFound(f"找不到 {code} (not found)")
    ordered = sorted(found.values(), key=lambda o: LEVELS.index(level_of_code(o.code)))
    return [{"level": level_of_code(o.code), "code": o.code, "name": o.name} for o in ordered]
