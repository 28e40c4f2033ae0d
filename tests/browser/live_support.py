"""Helpers for the live-map and worker-page tests: demo grid workers with their device and a walk
inside their grid, fixes posted to the test server as a tracker app posts them (OsmAnd), API calls
with a token, and the removal of everything those tests commit.

The `*_facts` and `remove_live_data` functions use the ORM: run them through `read_db`."""

import json
import math
import urllib.error
import urllib.request
from datetime import datetime

STREET = "320411001"
STEP_DEG = 0.00015  # ~15 m: a walking step between two fixes


def _walk(geom, start, steps, step=STEP_DEG):
    """`steps` + 1 points from `start`, each `step` degrees on from the last, all inside `geom`."""
    from django.contrib.gis.geos import Point

    points, heading = [start], 0.0
    while len(points) <= steps:
        for turn in range(12):
            angle = heading + turn * math.pi / 6
            x, y = points[-1][0] + step * math.cos(angle), points[-1][1] + step * math.sin(angle)
            if geom.contains(Point(x, y, srid=4326)):
                points.append((round(x, 7), round(y, 7)))
                heading = angle
                break
        else:
            step /= 2
    return points


def _facts(member) -> dict:
    user, grid = member.user, member.grid
    point = grid.geom.point_on_surface
    start = (round(point.x, 7), round(point.y, 7))
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.display_name,
        "device": user.devices.filter(is_active=True).order_by("id").first().identifier,
        "grid": grid.code,
        "grid_name": grid.name,
        "bbox": list(grid.geom.extent),
        "walk": _walk(grid.geom, start, 8),
    }


def worker_facts(index: int, street: str = STREET) -> dict:
    """The `index`-th grid worker (by id) of `street`, with their device identifier, grid and a
    walk of 9 points inside it (WGS84 lon/lat, 7 decimals)."""
    from grids.models import GridMember

    members = (
        GridMember.objects.filter(role="worker", grid__code__startswith=street, user__devices__isnull=False)
        .select_related("user", "grid")
        .order_by("user_id")
        .distinct()
    )
    return _facts(members[index])


def neighbour_facts(worker: dict, count: int) -> list[dict]:
    """Grid workers of `count` different grids that touch `worker`'s grid."""
    from grids.models import Grid, GridMember

    grid = Grid.objects.get(code=worker["grid"])
    found, grids = [], set()
    members = (
        GridMember.objects.filter(role="worker", grid__geom__touches=grid.geom, user__devices__isnull=False)
        .exclude(grid=grid)
        .select_related("user", "grid")
        .order_by("grid__code", "user_id")
    )
    for member in members:
        if member.grid_id not in grids:
            grids.add(member.grid_id)
            found.append(_facts(member))
        if len(found) == count:
            break
    return found


def distant_facts(worker: dict, degrees: float = 0.01) -> dict:
    """A grid worker of the same street whose grid is more than `degrees` (~1 km) from `worker`'s."""
    from grids.models import Grid, GridMember

    grid = Grid.objects.get(code=worker["grid"])
    members = (
        GridMember.objects.filter(role="worker", grid__code__startswith=worker["grid"][:9], user__devices__isnull=False)
        .select_related("user", "grid")
        .order_by("user_id")
    )
    return _facts(next(m for m in members if m.grid.geom.distance(grid.geom) > degrees))


def token_for(user_id: int) -> str:
    from accounts.models import User
    from accounts.tokens import issue

    return issue(User.objects.get(pk=user_id)).key


def post_fix(base_url: str, device: str, lon: float, lat: float, when: datetime, **extra) -> int:
    """A fix as Traccar Client posts it (OsmAnd protocol); the HTTP status."""
    query = {"id": device, "timestamp": int(when.timestamp()), "lat": lat, "lon": lon, "accuracy": 6, **extra}
    url = f"{base_url}/osmand/?" + "&".join(f"{k}={v}" for k, v in query.items())
    with urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=10) as response:
        return response.status


def api_post(base_url: str, path: str, token: str, body: dict) -> tuple[int, dict]:
    """POST JSON to our API with token auth: (status, body)."""
    request = urllib.request.Request(
        f"{base_url}{path}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def remove_live_data(user_ids):
    """Deletes what the tests committed for these workers (fixes, latest positions, check-ins,
    duty sessions and their patrols, tokens) and all heat, so tests that expect empty tables pass."""
    from django.db import connection

    from accounts.models import ApiToken
    from tracking.models import CheckIn, DutySession, LatestPosition

    ids = sorted(user_ids)
    DutySession.objects.filter(user_id__in=ids).delete()
    CheckIn.objects.filter(user_id__in=ids).delete()
    LatestPosition.objects.filter(user_id__in=ids).delete()
    ApiToken.objects.filter(user_id__in=ids).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM tracking_position WHERE user_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM tracking_heat")
