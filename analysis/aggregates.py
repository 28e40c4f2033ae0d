"""Counts (and sums and averages of a layer's numeric fields) per unit, with the unit's geometry,
ready for a choropleth: per street, community, grid or micro-grid (by code prefix: rows are located
on write), or per H3 cell at resolutions 7–10.

Every admin unit inside the scope is listed, with 0 where nothing falls in it, so "where did
patrols not go" is answered by the zeros. H3 cells are listed where something falls."""

from collections import defaultdict
from dataclasses import dataclass

import h3
import numpy as np
import shapely
from django.contrib.gis.db.models.functions import AsWKB, PointOnSurface
from django.db.models import Avg, BigIntegerField, Count, Func, Sum
from django.db.models.functions import Left

from analysis import conf
from analysis.limits import QueryTooBroad, time_limited
from analysis.scope import Scope
from geo.errors import BadInput
from geo.models import AdminArea
from grids.models import Grid, MicroGrid

__all__ = ["UNITS", "H3_RESOLUTIONS", "Aggregate", "parse_unit", "aggregate"]

# unit → code length of the unit
UNITS = {"street": 9, "community": 12, "grid": 15, "micro_grid": 18}
H3_RESOLUTIONS = (7, 8, 9, 10)


@dataclass
class Aggregate:
    """One row per unit: {code, name, count, <field>_sum, <field>_avg…}; `geoms` WGS84 shapely."""

    by: str
    rows: list[dict]
    geoms: np.ndarray
    numeric: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(r["count"] for r in self.rows)


def parse_unit(by: str | None) -> tuple[str, int | None]:
    """`street|community|grid|micro_grid|h3:7..10` → (unit, H3 resolution or None)."""
    by = (by or "").strip()
    if by in UNITS:
        return by, None
    if by.startswith("h3:") and by[3:].isdigit() and int(by[3:]) in H3_RESOLUTIONS:
        return "h3", int(by[3:])
    raise BadInput("by: 须为 street、community、grid、micro_grid 或 h3:7…h3:10", field="by")


def _measures(numeric: dict[str, str]) -> dict:
    out = {"count": Count("*")}
    for name, path in numeric.items():
        out[f"{name}_sum"] = Sum(path)
        out[f"{name}_avg"] = Avg(path)
    return out


def _numeric_paths(scope: Scope) -> dict[str, str]:
    return {name: scope.layer.fields[name] for name in scope.layer.numeric}


def _round(value):
    return None if value is None else round(float(value), 3)


def _unit_rows(unit: str, prefix: str):
    """(key, code, name, WKB) of every unit of that level inside (or around) `prefix`."""
    n = UNITS[unit]
    cut = prefix[:n]
    if unit in ("street", "community"):
        qs = AdminArea.objects.filter(level=unit, code__startswith=cut)
    else:
        qs = (Grid if unit == "grid" else MicroGrid).objects.filter(code__startswith=cut)
    rows = qs.annotate(wkb=AsWKB("geom")).order_by("code").values_list("code", "name", "wkb")
    return [(code[:n], code, name, wkb) for code, name, wkb in rows]


def _by_code(scope: Scope, unit: str) -> Aggregate:
    n = UNITS[unit]
    numeric = _numeric_paths(scope)
    qs = scope.rows().annotate(analysis_unit=Left(scope.layer.code_field, n))
    with time_limited():
        measured = {r["analysis_unit"]: r for r in qs.values("analysis_unit").annotate(**_measures(numeric)).order_by()}
        units = _unit_rows(unit, scope.prefix)
    rows, wkbs = [], []
    for key, code, name, wkb in units:
        found = measured.get(key, {})
        row = {"code": code, "name": name, "count": found.get("count", 0)}
        for field in numeric:
            row[f"{field}_sum"] = _round(found.get(f"{field}_sum"))
            row[f"{field}_avg"] = _round(found.get(f"{field}_avg"))
        rows.append(row)
        wkbs.append(bytes(wkb))
    return Aggregate(unit, rows, shapely.from_wkb(np.array(wkbs, dtype=object)), tuple(numeric))


class H3Parent(Func):
    """h3_parent(cell, res) (tracking migration 0004): the cell's parent by bit arithmetic."""

    function = "h3_parent"
    output_field = BigIntegerField()


def _h3_counts_sql(scope: Scope, res: int, numeric: dict[str, str]) -> dict[int, dict]:
    """Per H3 cell from a layer's res-10 cell column, grouped in the database."""
    qs = scope.rows().annotate(analysis_cell=H3Parent(scope.layer.h3_field, res))
    rows = qs.values("analysis_cell").annotate(**_measures(numeric)).order_by()
    return {r.pop("analysis_cell"): r for r in rows if r["analysis_cell"] is not None}


def _h3_counts_points(scope: Scope, res: int, numeric: dict[str, str]) -> dict[int, dict]:
    """Per H3 cell of each row's point (a polygon's point on its surface), binned here: the
    database has no H3 functions. Bounded by conf.MAX_H3_POINTS."""
    field = scope.layer.geom_field
    point = field if scope.layer.geometry_type == "Point" else PointOnSurface(field)
    values = (
        scope.rows()
        .annotate(analysis_point=AsWKB(point))
        .values_list("analysis_point", *numeric.values())[: conf.MAX_H3_POINTS + 1]
    )
    records = list(values)
    if len(records) > conf.MAX_H3_POINTS:
        raise QueryTooBroad(
            f"by: 点数超过 {conf.MAX_H3_POINTS:,}，请缩小范围 (too many points for H3 binning)", field="by"
        )
    cells = defaultdict(lambda: {"count": 0, **{f"{k}_values": [] for k in numeric}})
    if not records:
        return {}
    xy = shapely.get_coordinates(shapely.from_wkb([bytes(r[0]) for r in records]))
    for (lon, lat), record in zip(xy.tolist(), records, strict=True):
        cell = cells[h3.str_to_int(h3.latlng_to_cell(lat, lon, res))]
        cell["count"] += 1
        for name, value in zip(numeric, record[1:], strict=True):
            if value is not None:
                cell[f"{name}_values"].append(value)
    out = {}
    for cell, acc in cells.items():
        out[cell] = {"count": acc["count"]}
        for name in numeric:
            values = acc[f"{name}_values"]
            out[cell][f"{name}_sum"] = sum(values) if values else None
            out[cell][f"{name}_avg"] = sum(values) / len(values) if values else None
    return out


def _precomputed(scope: Scope) -> bool:
    """Whether the layer's own per-cell counts answer the query: no filters, no drawn geometry, a
    street-level (or wider) prefix, and a window."""
    return bool(
        scope.layer.h3_counts
        and not scope.filters
        and not scope.where
        and len(scope.prefix) <= 9
        and scope.start
        and scope.end
    )


def _by_h3(scope: Scope, res: int) -> Aggregate:
    numeric = _numeric_paths(scope)
    with time_limited():
        if _precomputed(scope):
            numeric = {}
            counts = {
                c: {"count": n} for c, n in scope.layer.h3_counts(scope.prefix, scope.start, scope.end, res).items()
            }
        else:
            counts = (_h3_counts_sql if scope.layer.h3_field else _h3_counts_points)(scope, res, numeric)
    rows, geoms = [], []
    for cell in sorted(counts):
        found, name = counts[cell], h3.int_to_str(cell)
        row = {"code": name, "name": name, "count": found["count"]}
        for field in numeric:
            row[f"{field}_sum"] = _round(found.get(f"{field}_sum"))
            row[f"{field}_avg"] = _round(found.get(f"{field}_avg"))
        rows.append(row)
        ring = [(lng, lat) for lat, lng in h3.cell_to_boundary(name)]
        geoms.append(shapely.Polygon(ring))
    return Aggregate(f"h3:{res}", rows, np.array(geoms, dtype=object), tuple(numeric))


def aggregate(scope: Scope, by: str) -> Aggregate:
    """Counts per unit of the scope's rows; `by` as parse_unit takes it."""
    unit, res = parse_unit(by)
    return _by_h3(scope, res) if unit == "h3" else _by_code(scope, unit)
