"""The append-only history of grid and micro-grid shapes, and the layer as it was on a date.

A code an adjustment touches gets, the first time, a version "since before any adjustment" from its
state before; from then on each adjustment closes its open version and opens the next. A code no
adjustment ever touched has no version: its current row is its whole history."""

from datetime import datetime

import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.db.models import Q

from grids.adjust.models import AreaVersion, CodeChange
from grids.adjust.state import State
from grids.models import Grid, MicroGrid

__all__ = ["record_versions", "record_code_changes", "layer_as_of", "versions_of", "successors"]

_LEVELS = (("grid", "grids"), ("micro_grid", "micro_grids"))


def _parent(level: str, row) -> str:
    return row.community if level == "grid" else row.grid


def _differs(level: str, a, b) -> bool:
    return a.name != b.name or _parent(level, a) != _parent(level, b) or not a.geom.equals_exact(b.geom, 0)


def _version(level, row, adjustment, **when) -> AreaVersion:
    geom = GEOSGeometry(memoryview(shapely.to_wkb(row.geom)), srid=4326)
    return AreaVersion(level=level, code=row.code, name=row.name, parent_code=_parent(level, row), geom=geom, **when)


def record_versions(adjustment, before: State, after: State, now: datetime) -> None:
    for level, attr in _LEVELS:
        old, new = getattr(before, attr), getattr(after, attr)
        closing = [c for c in old if c not in new or _differs(level, old[c], new[c])]
        opening = [c for c in new if c not in old or _differs(level, old[c], new[c])]
        known = set(AreaVersion.objects.filter(level=level, code__in=closing).values_list("code", flat=True))
        AreaVersion.objects.filter(level=level, code__in=closing, valid_to__isnull=True).update(
            valid_to=now, closed_by=adjustment
        )
        baseline = [
            _version(level, old[c], adjustment, valid_to=now, closed_by=adjustment) for c in closing if c not in known
        ]
        opened = [_version(level, new[c], adjustment, valid_from=now, opened_by=adjustment) for c in opening]
        AreaVersion.objects.bulk_create(baseline + opened)


def record_code_changes(adjustment, heirs: dict) -> None:
    CodeChange.objects.bulk_create(
        CodeChange(adjustment=adjustment, level=level, old_code=old, new_code=new)
        for level, attr in _LEVELS
        for old, new in sorted(heirs.get(attr, {}).items())
        if old != new
    )


def layer_as_of(level: str, when: datetime, jurisdiction) -> list[dict]:
    """[{code, name, parent, geom (GEOS)}] of the grid or micro-grid layer as it was at `when`."""
    valid = Q(valid_from__isnull=True) | Q(valid_from__lte=when)
    valid &= Q(valid_to__isnull=True) | Q(valid_to__gt=when)
    versions = AreaVersion.objects.filter(valid, level=level).filter(jurisdiction.q("code"))
    touched = AreaVersion.objects.filter(level=level).values("code")
    if level == "grid":
        current = Grid.objects.select_related("community").visible_to(jurisdiction).exclude(code__in=touched)
        rows = [{"code": g.code, "name": g.name, "parent": g.community.code, "geom": g.geom} for g in current]
    else:
        current = MicroGrid.objects.select_related("grid").visible_to(jurisdiction).exclude(code__in=touched)
        rows = [{"code": m.code, "name": m.name, "parent": m.grid.code, "geom": m.geom} for m in current]
    rows += [{"code": v.code, "name": v.name, "parent": v.parent_code, "geom": v.geom} for v in versions]
    return sorted(rows, key=lambda r: r["code"])


def versions_of(code: str) -> list[AreaVersion]:
    return list(AreaVersion.objects.filter(code=code).order_by("id"))


def successors(code: str) -> list[dict]:
    """The codes `code` became through applied adjustments, step by step: [{from, to, adjustment}]."""
    steps, frontier, seen = [], [code], {code}
    while frontier:
        changes = CodeChange.objects.filter(old_code__in=frontier, adjustment__status="applied").order_by("id")
        frontier = []
        for change in changes:
            steps.append({"from": change.old_code, "to": change.new_code, "adjustment": change.adjustment_id})
            if change.new_code not in seen:
                seen.add(change.new_code)
                frontier.append(change.new_code)
    return steps
