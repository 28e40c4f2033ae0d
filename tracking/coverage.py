"""Coverage: the share of a grid's H3 resolution-10 cells that workers' good fixes visited.

A grid's cells are those whose centre lies in the grid (h3.geo_to_cells); a grid too small or thin
to hold a cell centre gets the cells it overlaps instead. Visited cells are the distinct `h3` of the
worker's good fixes in the period (ingest stores each fix's cell as a 64-bit integer). Grid cell
sets are cached per process for the current version of the grid layer (grids.versions: a trigger
changes it on every write, bulk updates and raw SQL included).
"""

import json
import threading
from datetime import datetime

import h3
from django.db.models import Q

from accounts.models import User
from geo.errors import BadInput, NotFound
from grids.models import Grid, GridMember
from grids.versions import layer_version
from tracking import conf
from tracking.duty import DUTY_ROLES
from tracking.models import Position

__all__ = [
    "cells_of_geojson",
    "share",
    "grid_cells",
    "cells_for_grids",
    "visited_cells",
    "grid_coverage",
    "check_period",
]

_cache: dict[int, frozenset[int]] = {}
_cache_version: list[int | None] = [None]
_lock = threading.Lock()


def cells_of_geojson(geometry: dict, res: int = conf.H3_RESOLUTION) -> frozenset[int]:
    """H3 cells (64-bit ints) of a GeoJSON (Multi)Polygon in WGS84 degrees: centres inside, or,
    when no centre is inside, every cell the polygon overlaps."""
    shape = h3.geo_to_h3shape(geometry)
    cells = h3.h3shape_to_cells(shape, res)
    if not cells:
        cells = h3.h3shape_to_cells_experimental(shape, res, contain="overlap")
    return frozenset(h3.str_to_int(c) for c in cells)


def share(cells: frozenset[int], visited) -> float:
    """The fraction of `cells` among `visited` (0 for a grid without cells)."""
    return len(cells & set(visited)) / len(cells) if cells else 0.0


def cells_for_grids(grid_ids) -> dict[int, frozenset[int]]:
    """Cell sets of the grids `grid_ids`; loads only the geometries not cached."""
    version = layer_version("grid")
    with _lock:
        if _cache_version[0] != version:
            _cache.clear()
            _cache_version[0] = version
    missing = [gid for gid in grid_ids if gid not in _cache]
    if missing:
        loaded = {
            gid: cells_of_geojson(json.loads(geom.geojson))
            for gid, geom in Grid.objects.filter(pk__in=missing).values_list("id", "geom")
        }
        with _lock:
            _cache.update(loaded)
    return {gid: _cache[gid] for gid in grid_ids if gid in _cache}


def grid_cells(grid: Grid) -> frozenset[int]:
    return cells_for_grids([grid.pk]).get(grid.pk, frozenset())


def visited_cells(user_ids, start: datetime, end: datetime) -> dict[int, set[int]]:
    """Distinct H3 cells of each user's good fixes in [start, end)."""
    out: dict[int, set[int]] = {uid: set() for uid in user_ids}
    rows = (
        Position.objects.filter(user_id__in=list(user_ids), time__gte=start, time__lt=end, flags=0, h3__isnull=False)
        .values_list("user_id", "h3")
        .distinct()
    )
    for uid, cell in rows:
        out[uid].add(cell)
    return out


def check_period(start: datetime, end: datetime):
    if end <= start:
        raise BadInput("to 必须晚于 from (to must be after from)", field="to")
    if (end - start).days > conf.COVERAGE_MAX_DAYS:
        raise BadInput(
            f"时间段超过 {conf.COVERAGE_MAX_DAYS} 天 (the period is longer than {conf.COVERAGE_MAX_DAYS} days)",
            field="to",
        )


def grid_coverage(jurisdiction, grid_code: str, start: datetime, end: datetime, username: str | None = None) -> dict:
    """Coverage of one grid in [start, end): overall (the union of its workers' cells) and per
    worker. Workers are the grid's members who patrol, or the one user named. 404 outside the
    requester's jurisdiction."""
    check_period(start, end)
    grid = Grid.objects.visible_to(jurisdiction).filter(code=grid_code).first()
    if grid is None:
        raise NotFound(f"网格 {grid_code} 不存在或不在您的辖区内 (no such grid in your jurisdiction)", field="grid")
    if username:
        user = (
            User.objects.filter(username=username)
            .filter(Q(grid_memberships__grid__in=Grid.objects.visible_to(jurisdiction)))
            .distinct()
            .first()
        )
        if user is None:
            raise NotFound(
                f"用户 {username} 不存在或不在您的辖区内 (no such worker in your jurisdiction)", field="user"
            )
        workers = [(user, None)]
    else:
        members = (
            GridMember.objects.filter(grid=grid, role__in=DUTY_ROLES)
            .select_related("user")
            .order_by("role", "user__username")
        )
        workers = [(m.user, m.role) for m in members]
    cells = grid_cells(grid)
    visited = visited_cells([u.pk for u, _ in workers], start, end)
    union: set[int] = set()
    per_worker = []
    for user, role in workers:
        mine = cells & visited[user.pk]
        union |= mine
        per_worker.append(
            {
                "user": user.username,
                "name": user.display_name,
                "role": role,
                "visited": len(mine),
                "share": share(cells, mine),
            }
        )
    return {
        "grid": {"code": grid.code, "name": grid.name},
        "from": start,
        "to": end,
        "cells": len(cells),
        "visited": len(union),
        "share": share(cells, union),
        "per_worker": per_worker,
    }
