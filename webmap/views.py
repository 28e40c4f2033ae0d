from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models.functions import PointOnSurface
from django.db.models import Count
from django.shortcuts import render

from geo import crs
from geo.models import AdminArea
from grids.models import Grid, GridKind, MicroGrid, Place, PlaceKind


def map_config(request) -> dict:
    """What the map page needs to know, rendered into the page as JSON."""
    basemap_crs = crs.parse_crs(settings.BASEMAP_CRS)
    jurisdiction = request.user.jurisdiction
    return {
        "basemap": {
            "tiles": [_xyz(u) for u in settings.BASEMAP_URLS],
            "crs": basemap_crs,
            "attribution": settings.BASEMAP_ATTRIBUTION,
        },
        # Our tiles are shifted server-side to line up with a GCJ-02 base map.
        "tileShift": "gcj02" if basemap_crs == "gcj02" and settings.BASEMAP_URLS else "",
        "user": {"username": request.user.username, "jurisdiction": request.user.jurisdiction_code,
                 "jurisdictionName": _area_name(request.user.jurisdiction_code),
                 "role": request.user.role},
        "placeKinds": [{"value": value, "label": label} for value, label in PlaceKind.choices],
        "gridKinds": [{"value": value, "label": label} for value, label in GridKind.choices],
        "areaLabels": _area_labels(jurisdiction),
        "counts": _counts(jurisdiction),
    }


def _xyz(template: str) -> str:
    """A WMTS KVP/REST template as an XYZ one MapLibre understands."""
    return template.replace("{TileMatrix}", "{z}").replace("{TileCol}", "{x}").replace("{TileRow}", "{y}")


def _area_name(code: str) -> str:
    """The name of the area or grid a jurisdiction code names ("" when none)."""
    model = Grid if len(code) == 15 else AdminArea
    return model.objects.filter(code=code).values_list("name", flat=True).first() or "" if code else ""


def _area_labels(jurisdiction) -> list[dict]:
    """One label point per street and community the user sees, WGS84 degrees.

    Labels drawn from the tiles would repeat once per tile a polygon crosses; a point on the
    surface of the whole polygon gives one label per area."""
    areas = (AdminArea.objects.filter(jurisdiction.q("code")).exclude(level="district")
             .annotate(label_point=PointOnSurface("geom")).order_by("code"))
    return [
        {"code": a.code, "name": a.name, "level": a.level,
         "lon": round(a.label_point.x, 6), "lat": round(a.label_point.y, 6)}
        for a in areas.only("code", "name", "level")
    ]


def _counts(jurisdiction) -> dict:
    """How many of each thing the user's jurisdiction holds, for the legend."""
    areas = AdminArea.objects.filter(jurisdiction.q("code")).values_list("level").annotate(n=Count("id"))
    places = Place.objects.visible_to(jurisdiction).values_list("kind").annotate(n=Count("id"))
    return {
        **dict(areas),
        "grid": Grid.objects.visible_to(jurisdiction).count(),
        "micro_grid": MicroGrid.objects.visible_to(jurisdiction).count(),
        "places": dict(places),
    }


@login_required
def home(request):
    """The command map."""
    return render(request, "webmap/home.html", {"map_config": map_config(request)})
