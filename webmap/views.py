from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models.functions import PointOnSurface
from django.db.models import Count
from django.shortcuts import redirect, render

from accounts.models import Role
from geo.models import AdminArea
from grids.models import Grid, GridKind, MicroGrid, Place, PlaceKind
from tracking.duty import NotGridMember, duty_grid

# Who lands on the worker page rather than the command map at `/`.
WORKER_ROLES = (Role.GRID_WORKER, Role.GRID_LEADER, Role.MILITIA)


def map_page(request) -> dict:
    """What the command map adds to the page config: choices, one label point per area, legend counts."""
    jurisdiction = request.user.jurisdiction
    return {
        "placeKinds": [{"value": value, "label": label} for value, label in PlaceKind.choices],
        "gridKinds": [{"value": value, "label": label} for value, label in GridKind.choices],
        "areaLabels": _area_labels(jurisdiction),
        "counts": _counts(jurisdiction),
    }


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
    return render(request, "webmap/home.html", {"page": map_page(request)})


def worker_page(user) -> dict:
    """What the worker page adds: the grid the user checks in to (None if none)."""
    try:
        grid = duty_grid(user) if user.role != Role.MILITIA else None
    except NotGridMember:
        grid = None
    return {"grid": {"code": grid.code, "name": grid.name} if grid else None}


@login_required
def worker(request):
    """The grid worker's phone page: check in and out, share location while on duty, today's figures."""
    return render(request, "webmap/worker.html", {"page": worker_page(request.user)})
