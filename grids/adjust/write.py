"""Write a planned state: rows kept are updated in place (ids, and so foreign keys, survive a
re-coding), new rows inserted, vanished rows deleted once their members have moved. Then communities
and streets follow their grids when the change crossed a community boundary."""

import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection

from geo.models import AdminArea
from grids.adjust.state import State
from grids.models import Grid, GridMember, MicroGrid

__all__ = [
    "write_state",
    "member_moves",
    "move_members",
    "restore_members",
    "heirs_by_overlap",
    "delete_gone",
    "follow_admin_areas",
]


def _geos(geom) -> GEOSGeometry:
    return GEOSGeometry(memoryview(shapely.to_wkb(geom)), srid=4326)


def _source(code: str, before: dict, reuse: dict) -> str | None:
    if code in before:
        return code
    return reuse.get(code)


def heirs_by_overlap(before: State, after: State, heirs: dict) -> dict:
    """`heirs` completed: every code of `before` missing from `after` → the code that took most of
    its area (the renamed row's new code when it was renamed)."""
    out = {"grids": dict(heirs.get("grids", {})), "micro_grids": dict(heirs.get("micro_grids", {}))}
    for level in ("grids", "micro_grids"):
        old, new = getattr(before, level), getattr(after, level)
        for code, row in old.items():
            if code in new or code in out[level]:
                continue
            best = max(new.values(), key=lambda r: r.geom.intersection(row.geom).area, default=None)
            if best is not None:
                out[level][code] = best.code
    return out


def write_state(before: State, after: State, reuse: dict) -> dict[str, int]:
    """Make the stored rows of `before` look like `after`; the ids of the grids after, by code."""
    areas = {
        a.code: a.id
        for a in AdminArea.objects.filter(
            code__in={g.community for g in after.grids.values()} | {g.street for g in after.grids.values()}
        )
    }
    rows = {g.code: g for g in Grid.objects.filter(code__in=before.grids)}
    grid_ids = {}
    for code, g in sorted(after.grids.items()):
        source = _source(code, before.grids, reuse.get("grids", {}))
        row = rows.get(source) if source else None
        row = row or Grid(is_demo=False)
        row.code, row.name, row.kind, row.geom = code, g.name, g.kind, _geos(g.geom)
        row.community_id, row.street_id = areas[g.community], areas[g.street]
        row.save()
        grid_ids[code] = row.id
    micros = {m.code: m for m in MicroGrid.objects.filter(code__in=before.micro_grids)}
    renamed = {_source(c, before.micro_grids, reuse.get("micro_grids", {})) for c in after.micro_grids}
    # Free the codes of vanished micro-grids first; their rows go at the end, after members moved.
    for code, m in sorted(after.micro_grids.items()):
        source = _source(code, before.micro_grids, reuse.get("micro_grids", {}))
        row = micros.get(source) if source else None
        row = row or MicroGrid(is_demo=False)
        row.code, row.name, row.grid_id, row.geom = code, m.name, grid_ids[m.grid], _geos(m.geom)
        row.save()
    gone_micro = [c for c in before.micro_grids if c not in renamed]
    gone_grids = [
        c for c in before.grids if c not in {_source(c2, before.grids, reuse.get("grids", {})) for c2 in after.grids}
    ]
    return {"grid_ids": grid_ids, "gone_micro": gone_micro, "gone_grids": gone_grids}


def member_moves(before: State, after: State, reuse: dict, heirs: dict) -> list[tuple]:
    """(member, grid code before, grid code after) for every member whose grid changes: liaisons
    follow their micro-grid; other members stay with their grid, or go to its heir when it vanishes."""
    micro_after = {}  # before micro code → its grid after
    for code, m in after.micro_grids.items():
        micro_after[_source(code, before.micro_grids, reuse.get("micro_grids", {})) or code] = m.grid
    grid_after = {}
    for code in after.grids:
        grid_after[_source(code, before.grids, reuse.get("grids", {})) or code] = code
    moves = []
    members = GridMember.objects.filter(grid__code__in=before.grids).select_related("grid", "micro_grid", "user")
    for member in members.order_by("id"):
        old = member.grid.code
        if member.micro_grid_id and member.micro_grid.code in micro_after:
            new = micro_after[member.micro_grid.code]
        else:
            new = grid_after.get(old) or heirs["grids"].get(old)
        if new is not None and new != old:
            moves.append((member, old, new))
    return moves


def move_members(moves, grid_ids: dict) -> dict:
    """Carry out `member_moves`. A member whose user already holds that role in the new grid is
    removed. Returns what revert needs: {"moved": [[id, from, to]], "removed": [[user, role, grid, micro]]}."""
    moved, removed = [], []
    for member, old, new in moves:
        target = grid_ids[new]
        twin = GridMember.objects.filter(user_id=member.user_id, grid_id=target, role=member.role)
        if twin.exclude(pk=member.pk).exists():
            micro = member.micro_grid.code if member.micro_grid_id else None
            removed.append([member.user_id, member.role, old, micro])
            member.delete()
            continue
        GridMember.objects.filter(pk=member.pk).update(grid_id=target)
        moved.append([member.pk, old, new])
    return {"moved": moved, "removed": removed}


def restore_members(record: dict, grid_ids: dict) -> None:
    """Undo `move_members`' record (revert): members back to their grids, removed ones re-created."""
    for pk, old, _new in record.get("moved", []):
        GridMember.objects.filter(pk=pk).update(grid_id=grid_ids.get(old) or Grid.objects.get(code=old).id)
    for user_id, role, grid, micro in record.get("removed", []):
        micro_id = MicroGrid.objects.filter(code=micro).values_list("id", flat=True).first() if micro else None
        GridMember.objects.get_or_create(
            user_id=user_id,
            grid_id=grid_ids.get(grid) or Grid.objects.get(code=grid).id,
            role=role,
            defaults={"micro_grid_id": micro_id},
        )


def delete_gone(gone_micro, gone_grids) -> None:
    MicroGrid.objects.filter(code__in=gone_micro).delete()
    Grid.objects.filter(code__in=gone_grids).delete()


def follow_admin_areas(communities) -> None:
    """Communities (and their streets) take the union of their grids, when an edit moved area
    between communities."""
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE geo_adminarea a SET geom = ST_Multi(u.geom)
               FROM (SELECT community_id, ST_Union(geom) AS geom FROM grids_grid GROUP BY community_id) u
               WHERE a.id = u.community_id AND a.code = ANY(%s)""",
            [sorted(communities)],
        )
        cursor.execute(
            """UPDATE geo_adminarea a SET geom = ST_Multi(u.geom)
               FROM (SELECT parent_id, ST_Union(geom) AS geom FROM geo_adminarea WHERE level = 'community'
                     GROUP BY parent_id) u
               WHERE a.id = u.parent_id AND a.code = ANY(%s)""",
            [sorted({c[:9] + "000" for c in communities})],
        )
