from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from geo import crs


def map_config(request) -> dict:
    """What the map page needs to know, rendered into the page as JSON."""
    basemap_crs = crs.parse_crs(settings.BASEMAP_CRS)
    return {
        "basemap": {
            "tiles": [_xyz(u) for u in settings.BASEMAP_URLS],
            "crs": basemap_crs,
            "attribution": settings.BASEMAP_ATTRIBUTION,
        },
        # Our tiles are shifted server-side to line up with a GCJ-02 base map.
        "tileShift": "gcj02" if basemap_crs == "gcj02" and settings.BASEMAP_URLS else "",
        "user": {"username": request.user.username, "jurisdiction": request.user.jurisdiction_code,
                 "role": request.user.role},
    }


def _xyz(template: str) -> str:
    """A WMTS KVP/REST template as an XYZ one MapLibre understands."""
    return template.replace("{TileMatrix}", "{z}").replace("{TileCol}", "{x}").replace("{TileRow}", "{y}")


@login_required
def home(request):
    """The command map."""
    return render(request, "webmap/home.html", {"map_config": map_config(request)})
