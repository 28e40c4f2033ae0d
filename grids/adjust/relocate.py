"""Re-locating located rows after an adjustment: set-based SQL, one statement per registered table.

Raw SQL because it joins point-in-polygon (`ST_Covers`) across tables the ORM cannot express as an
UPDATE … FROM; table and column names come from the model registry (grids.located), never from
input, and every value is a parameter. A point on a shared edge goes to the lowest code, as in
grids.locate."""

from django.db import connection

from grids.located import LocatedTable, located_tables

__all__ = ["dirty_codes", "count_moves", "relocate", "recode"]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def dirty_codes(before, after) -> list[str]:
    """The location codes whose rows may move: micro-grids that vanish, are re-coded or change
    shape, and the grids themselves (rows located to a grid only). A row in a micro-grid that keeps
    its code and shape cannot move: the micro-grids after still tile the area."""
    dirty = {
        c
        for c, m in before.micro_grids.items()
        if c not in after.micro_grids or not m.geom.equals_exact(after.micro_grids[c].geom, 0)
    }
    return sorted(dirty | set(before.grids) | set(after.grids))


_HIT = """
    SELECT DISTINCT ON (t.{pk}) t.{pk} AS pk, t.{code} AS old_code, a.*
    FROM {table} t JOIN after a ON ST_Covers(a.geom, t.{point})
    WHERE t.{code} = ANY(%(dirty)s)
    ORDER BY t.{pk}, a.code
"""


def _names(t: LocatedTable) -> dict:
    return {"pk": _q(t.pk_column), "code": _q(t.column(t.code)), "table": _q(t.table), "point": _q(t.column(t.point))}


def count_moves(dirty: list[str], micro_codes: list[str], micro_wkb: list[bytes], code_map: dict) -> dict[str, int]:
    """Per registered table, how many rows located in the `dirty` codes would get another location
    code if the micro-grids became the shapes given (codes and WKB, WGS84)."""
    counts = {}
    params = {
        "dirty": dirty,
        "codes": micro_codes,
        "wkb": micro_wkb,
        "old": list(code_map),
        "new": list(code_map.values()),
    }
    with connection.cursor() as cursor:
        for t in located_tables():
            if t.point is None:
                cursor.execute(
                    f"SELECT count(*) FROM {_q(t.table)} WHERE {_q(t.column(t.code))} = ANY(%(old)s)", params
                )
            else:
                hit = _HIT.format(**_names(t))
                cursor.execute(
                    f"""WITH after AS (
                            SELECT code, ST_GeomFromWKB(wkb, 4326) AS geom
                            FROM unnest(%(codes)s::text[], %(wkb)s::bytea[]) AS a(code, wkb)
                        ), hit AS ({hit})
                        SELECT count(*) FROM hit WHERE old_code IS DISTINCT FROM code""",
                    params,
                )
            counts[t.label] = cursor.fetchone()[0]
    return counts


def relocate(micro_codes, dirty: list[str]) -> dict[str, int]:
    """Give every located row in the `dirty` codes the keys of the stored micro-grid (one of
    `micro_codes`, the micro-grids after) covering its point; rows whose keys do not change are not
    written."""
    params = {"dirty": dirty}
    moved = {}
    with connection.cursor() as cursor:
        for t in located_tables():
            if t.point is None:
                continue
            keys = [
                (t.column(t.micro_grid), "mid"),
                (t.column(t.grid), "gid"),
                (t.column(t.community), "community_id"),
                (t.column(t.street), "street_id"),
                (t.column(t.code), "code"),
            ]
            keys = [(_q(col), src) for col, src in keys if col]
            sets = ", ".join(f"{col} = hit.{src}" for col, src in keys)
            changed = " OR ".join(f"t.{col} IS DISTINCT FROM hit.{src}" for col, src in keys)
            hit = _HIT.format(**_names(t))
            pk = _q(t.pk_column)
            cursor.execute(
                f"""WITH after AS (
                        SELECT m.id AS mid, m.code, g.id AS gid, g.community_id, g.street_id, m.geom
                        FROM grids_microgrid m JOIN grids_grid g ON g.id = m.grid_id
                        WHERE m.code = ANY(%(micro)s)
                    ), hit AS ({hit})
                    UPDATE {_q(t.table)} t SET {sets} FROM hit WHERE t.{pk} = hit.pk AND ({changed})""",
                {**params, "micro": list(micro_codes)},
            )
            moved[t.label] = cursor.rowcount
    return moved


def recode(code_map: dict[str, str]) -> dict[str, int]:
    """Tables without a point follow the code map: a row whose code was `old` gets `new`."""
    moved = {}
    if not code_map:
        return moved
    with connection.cursor() as cursor:
        for t in located_tables():
            if t.point is not None:
                continue
            code = _q(t.column(t.code))
            cursor.execute(
                f"""UPDATE {_q(t.table)} t SET {code} = m.new
                    FROM unnest(%s::text[], %s::text[]) AS m(old, new) WHERE t.{code} = m.old""",
                [list(code_map), list(code_map.values())],
            )
            moved[t.label] = cursor.rowcount
    return moved
