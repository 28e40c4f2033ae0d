"""Read-side answers about locations, built on the locate service."""

import math

from django.db.models import Count

from geo import crs as crs_module
from geo.errors import BadInput, NotFound
from geo.jurisdiction import prefix_of
from geo.models import AdminArea
from grids.locate import locate_point
from grids.models import Grid, MicroGrid, Place

__all__ = ["describe_point", "jurisdiction_counts"]


def _code_name(obj):
    return {"code": obj.code, "name": obj.name} if obj else None


def describe_point(lon: float, lat: float, crs: str = "wgs84", jurisdiction=None) -> dict:
    """The chain of areas a point lies in, each as {code, name}; lon/lat in degrees in `crs`. With a
    `jurisdiction`, levels outside it are null (the areas above it stay, as in every list), so a
    street operator learns no more of another street here than search and chain show."""
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise BadInput("经纬度必须是有限数值", field="lon" if not math.isfinite(lon) else "lat")
    try:
        wgs_lon, wgs_lat = crs_module.to_wgs84(lon, lat, crs)
    except crs_module.UnknownCRS as exc:
        raise BadInput(str(exc), field="crs") from None
    location = locate_point(wgs_lon, wgs_lat)
    if location is None:
        raise NotFound(f"点 ({lon}, {lat}, {crs}) 不在辖区范围内 (outside the district)")
    micro = MicroGrid.objects.filter(pk=location.micro_grid_id).first() if location.micro_grid_id else None
    grid = Grid.objects.filter(pk=location.grid_id).first() if location.grid_id else None
    areas = {a.level: a for a in AdminArea.objects.filter(pk__in=[location.community_id, location.street_id])}
    community = areas.get("community")
    district = AdminArea.objects.filter(code=prefix_of(community.code)[:6] + "000000").first() if community else None
    levels = {
        "district": district,
        "street": areas.get("street"),
        "community": community,
        "grid": grid,
        "micro_grid": micro,
    }
    if jurisdiction is not None:
        levels = {name: area if area and _visible(area.code, jurisdiction) else None for name, area in levels.items()}
    return {
        **{name: _code_name(area) for name, area in levels.items()},
        "point": {"lon": round(float(wgs_lon), 7), "lat": round(float(wgs_lat), 7), "crs": "wgs84"},
    }


def jurisdiction_counts(jurisdiction) -> dict:
    """How many of each thing the jurisdiction holds, for the map's legend: areas by level, grids,
    micro-grids, and places by kind."""
    areas = AdminArea.objects.filter(jurisdiction.q("code")).values_list("level").annotate(n=Count("id"))
    places = Place.objects.visible_to(jurisdiction).values_list("kind").annotate(n=Count("id"))
    return {
        **dict(areas),
        "grid": Grid.objects.visible_to(jurisdiction).count(),
        "micro_grid": MicroGrid.objects.visible_to(jurisdiction).count(),
        "places": dict(places),
    }


def _visible(code: str, jurisdiction) -> bool:
    """Inside the jurisdiction, or one of the areas that hold it."""
    prefix = jurisdiction.prefix
    return prefix is not None and (code.startswith(prefix) or prefix.startswith(prefix_of(code)))
