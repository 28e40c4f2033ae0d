"""What every page's scripts need to know, rendered once into the page as JSON (`page_config`):
the base map, the user with their roles and jurisdiction, where the API and the live socket are,
the language and which features the user has. A page adds its own keys (choices, labels) beside
them. The front-end kit (`webmap/static/webmap/kit/config.js`) reads it."""

from django.conf import settings
from django.utils.translation import get_language

from accounts.models import Role
from analysis.views import WORKBENCH_ROLES
from geo import crs
from geo.models import AdminArea
from grids.models import Grid
from militia.permissions import is_commander, is_district
from realtime.routing import INBOX_PATH, MAP_PATH
from registry.privacy import may_edit, may_read_people, may_see_special_groups

__all__ = ["page_config", "basemap_config"]

API_ROOT = "/api/v1/"


def _xyz(template: str) -> str:
    """A WMTS KVP/REST template as an XYZ one MapLibre understands."""
    return template.replace("{TileMatrix}", "{z}").replace("{TileCol}", "{x}").replace("{TileRow}", "{y}")


def basemap_config() -> dict:
    """The configured base map, and whether our tiles are shifted server-side to line up with it."""
    basemap_crs = crs.parse_crs(settings.BASEMAP_CRS)
    tiles = [_xyz(u) for u in settings.BASEMAP_URLS]
    return {
        "basemap": {"tiles": tiles, "crs": basemap_crs, "attribution": settings.BASEMAP_ATTRIBUTION},
        # Our tiles are shifted server-side to line up with a GCJ-02 base map; points in the page.
        "tileShift": "gcj02" if basemap_crs == "gcj02" and tiles else "",
    }


def _area_name(code: str) -> str:
    """The name of the area or grid a jurisdiction code names ("" when none)."""
    if not code:
        return ""
    model = Grid if len(code) == 15 else AdminArea
    return model.objects.filter(code=code).values_list("name", flat=True).first() or ""


def _user(user) -> dict | None:
    if not user.is_authenticated:
        return None
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.get_full_name() or user.username,
        "role": user.role,
        "superuser": user.is_superuser,
        "jurisdiction": user.jurisdiction_code,
        "jurisdictionName": _area_name(user.jurisdiction_code),
    }


def _features(user) -> dict:
    """What the user may see or do, so pages offer only what works (the server still decides)."""
    if not user.is_authenticated:
        return {}
    people = may_read_people(user)
    return {
        "commander": is_commander(user),
        "district": is_district(user),
        "registry": people,
        "specialGroups": people and may_see_special_groups(user),
        "editPeople": people and may_edit(user),
        "analysis": user.is_superuser or user.role in WORKBENCH_ROLES,
        "militia": user.role != Role.MILITIA,
        # The GIS admin mode of the command map (grid adjustments).
        "adjust": user.is_superuser or user.role == Role.GIS_ADMIN,
    }


def page_config(request, page: dict | None = None) -> dict:
    """The page's config: what every page needs, and `page`'s own keys beside it."""
    return {
        **basemap_config(),
        "user": _user(request.user),
        "features": _features(request.user),
        "api": API_ROOT,
        "socket": {"map": f"/{MAP_PATH}", "inbox": f"/{INBOX_PATH}"},
        "language": get_language(),
        "timeZone": settings.TIME_ZONE,
        **(page or {}),
    }
