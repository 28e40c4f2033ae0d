import json

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.models import Role
from geo.labels import area_labels
from grids.models import GridKind, PlaceKind
from grids.queries import jurisdiction_counts
from tracking.duty import NotGridMember, duty_grid
from webmap.events_views import event_choices

# Who lands on the worker page rather than the command map at `/`.
WORKER_ROLES = (Role.GRID_WORKER, Role.GRID_LEADER, Role.MILITIA)


def map_page(request) -> dict:
    """What the command map adds to the page config: choices, one label point per area, legend counts,
    and the event choices and workflow rules its event layer's cards need."""
    jurisdiction = request.user.jurisdiction
    return {
        **event_choices(request.user),
        "placeKinds": [{"value": value, "label": label} for value, label in PlaceKind.choices],
        "gridKinds": [{"value": value, "label": label} for value, label in GridKind.choices],
        "areaLabels": area_labels(jurisdiction),
        "counts": jurisdiction_counts(jurisdiction),
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
    """What the worker page adds: the grid the user checks in to (None if none), with its outline
    (GeoJSON, WGS84) and bounds [w, s, e, n] for the phone's maps."""
    try:
        grid = duty_grid(user) if user.role != Role.MILITIA else None
    except NotGridMember:
        grid = None
    if grid is None:
        return {"grid": None}
    outline = json.loads(grid.geom.simplify(0.00002, preserve_topology=True).geojson)
    return {"grid": {"code": grid.code, "name": grid.name, "outline": outline, "bounds": list(grid.geom.extent)}}


@login_required
def worker(request):
    """The grid worker's phone page: check in and out, share location while on duty, today's figures."""
    return render(request, "webmap/worker.html", {"page": worker_page(request.user)})
