"""The wall: `/screens/` (the shell, first screen) and `/screens/<name>/`. The page carries only
its configuration; figures come from /api/v1/screens/<name>."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from geo import crs
from screens import conf
from screens.api.views import TITLES
from screens.builders import SCREENS

__all__ = ["wall"]


def _xyz(template: str) -> str:
    return template.replace("{TileMatrix}", "{z}").replace("{TileCol}", "{x}").replace("{TileRow}", "{y}")


def wall_config(user, name: str) -> dict:
    basemap_crs = crs.parse_crs(settings.BASEMAP_CRS)
    return {
        "screen": name,
        "screens": [{"name": n, "title": str(TITLES[n])} for n in SCREENS],
        "pollSeconds": conf.POLL_SECONDS,
        "rotateSeconds": conf.ROTATE_SECONDS,
        "basemap": {
            "tiles": [_xyz(u) for u in settings.BASEMAP_URLS],
            "crs": basemap_crs,
            "attribution": settings.BASEMAP_ATTRIBUTION,
        },
        "tileShift": "gcj02" if basemap_crs == "gcj02" and settings.BASEMAP_URLS else "",
        "user": {"username": user.username, "jurisdiction": user.jurisdiction_code},
    }


@login_required
def wall(request, name: str | None = None):
    name = name or next(iter(SCREENS))
    if name not in SCREENS:
        raise Http404(name)
    return render(request, "screens/wall.html", {"wall_config": wall_config(request.user, name)})
