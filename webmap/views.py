from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models.functions import PointOnSurface
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.models import Role
from geo import crs
from geo.models import AdminArea
from grids.models import Grid, GridKind, GridMember, MicroGrid, Place, PlaceKind
from militia.permissions import is_commander
from registry.privacy import may_read_people, may_see_special_groups
from tracking.duty import NotGridMember, duty_grid

# Who lands on the worker page rather than the command map at `/`.
WORKER_ROLES = (Role.GRID_WORKER, Role.GRID_LEADER, Role.MILITIA)


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
        "user": {
            "username": request.user.username,
            "jurisdiction": request.user.jurisdiction_code,
            "jurisdictionName": _area_name(request.user.jurisdiction_code),
            "role": request.user.role,
        },
        "placeKinds": [{"value": value, "label": label} for value, label in PlaceKind.choices],
        "gridKinds": [{"value": value, "label": label} for value, label in GridKind.choices],
        "areaLabels": _area_labels(jurisdiction),
        # The registry's layers (buildings, people per grid; special groups for roles allowed them).
        "registry": {"specialGroups": may_see_special_groups(request.user)} if may_read_people(request.user) else None,
        "counts": _counts(jurisdiction),
        # The emergency dispatch panel (scan nearby forces, dispatch with a notice) for commanders.
        "emergency": is_commander(request.user),
        # The GIS admin mode (grid adjustments) for GIS admins and superusers.
        "adjust": request.user.is_superuser or request.user.role == Role.GIS_ADMIN,
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
    areas = (
        AdminArea.objects.filter(jurisdiction.q("code"))
        .exclude(level="district")
        .annotate(label_point=PointOnSurface("geom"))
        .order_by("code")
    )
    return [
        {
            "code": a.code,
            "name": a.name,
            "level": a.level,
            "lon": round(a.label_point.x, 6),
            "lat": round(a.label_point.y, 6),
        }
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
    """The command map; a grid worker's start page is their duty page instead."""
    if request.user.role in WORKER_ROLES:
        return redirect("worker")
    return command_map(request)


@login_required
def command_map(request):
    """The command map, for anyone (also at `/map/`, where grid workers reach it)."""
    return render(request, "webmap/home.html", {"map_config": map_config(request)})


def worker_config(user) -> dict:
    """What the worker page needs: who is on it and the grid they check in to (None if none)."""
    try:
        grid = duty_grid(user) if user.role != Role.MILITIA else None
    except NotGridMember:
        grid = None
    return {
        "username": user.username,
        "name": user.get_full_name() or user.username,
        "role": user.role,
        "grid": {"code": grid.code, "name": grid.name} if grid else None,
    }


@login_required
def worker(request):
    """The grid worker's phone page: check in and out, share location while on duty, today's figures."""
    return render(request, "webmap/worker.html", {"worker_config": worker_config(request.user)})


@login_required
@require_GET
def live_workers(request):
    """The people the live map may show, for its names and worker cards: every grid member of the
    user's jurisdiction as {id, user, name, grid} (a member of several grids once, by their first)."""
    members = (
        GridMember.objects.filter(request.user.jurisdiction.q("grid__code"))
        .order_by("user_id", "id")
        .values_list("user_id", "user__username", "user__first_name", "user__last_name", "grid__code")
    )
    workers = {}
    for user_id, username, first, last, grid in members:
        workers.setdefault(
            user_id, {"id": user_id, "user": username, "name": f"{first} {last}".strip() or username, "grid": grid}
        )
    return JsonResponse({"workers": list(workers.values())}, json_dumps_params={"ensure_ascii": False})
