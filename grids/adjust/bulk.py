"""Bulk (op 6): a new grid and micro-grid layer for a community or a street, in any format the area
importer reads (GeoJSON, zipped Shapefile, GeoPackage), applied as one adjustment: rows whose code
is in both stay (their shape and name follow the file), new codes appear, missing codes vanish
(their heir is the new area covering most of them). The preview's diff lists all three."""

import json
import tempfile
from pathlib import Path

import shapely

from geo.errors import BadInput, NotFound
from geo.jurisdiction import prefix_of
from geo.models import AdminArea
from grids import area_io
from grids.adjust import geometry as geo
from grids.adjust.models import AreaVersion, CodeChange
from grids.adjust.plan import Plan
from grids.adjust.state import GridRow, MicroRow, State, load_state
from grids.models import Grid, GridKind, MicroGrid

__all__ = ["read_upload", "plan_bulk"]

MAX_PROBLEMS = 20


def read_upload(value, field: str, crs: str) -> list[dict]:
    """[{row, code, name, kind, geom}] from an uploaded file or an inline GeoJSON FeatureCollection;
    BadInput naming the field and every bad row."""
    with tempfile.TemporaryDirectory() as tmp:
        if isinstance(value, dict):
            path = Path(tmp) / f"{field}.geojson"
            path.write_text(json.dumps(value), encoding="utf-8")
        elif hasattr(value, "chunks"):
            suffix = Path(value.name).suffix.lower() or ".geojson"
            path = Path(tmp) / f"{field}{suffix}"
            with path.open("wb") as out:
                for chunk in value.chunks():
                    out.write(chunk)
        else:
            raise BadInput("应为 GeoJSON 要素集合或文件 (a GeoJSON FeatureCollection or a file)", field=field)
        source = area_io.read_layer(path)
        geoms, coordinate_problems = area_io.to_wgs84_geometries(source, crs)
        rows, problems = [], []
        records = source.frame.drop(columns="geometry").to_dict("records")
        for i, (record, geom) in enumerate(zip(records, geoms, strict=True)):
            shape, why = area_io.polygonal(geom, repair=False)
            why = coordinate_problems.get(i) or why
            code = area_io.field_text(record.get("code"))
            if why:
                problems.append(f"{field}[{i}] {code}: {why}")
                continue
            rows.append(
                {
                    "row": i,
                    "code": code,
                    "name": area_io.field_text(record.get("name")) or code,
                    "kind": area_io.field_text(record.get("kind")),
                    "geom": shape,
                }
            )
    if problems:
        raise BadInput(
            "; ".join(problems[:MAX_PROBLEMS]),
            field=field,
            errors=[{"field": field, "message": p} for p in problems[:MAX_PROBLEMS]],
        )
    return rows


def _used_codes(prefix: str) -> set[str]:
    used = set(AreaVersion.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    used |= set(CodeChange.objects.filter(new_code__startswith=prefix).values_list("new_code", flat=True))
    return used


def _check_codes(grids: list[dict], micros: list[dict], prefix: str, communities: dict) -> None:
    seen = set()
    for field, rows, width in (("grid_layer", grids, 15), ("micro_grid_layer", micros, 18)):
        for r in rows:
            code = r["code"]
            where = f"{field}[{r['row']}]"
            if len(code) != width or not code.isdigit() or not code.startswith(prefix):
                raise BadInput(
                    f"{where}: 编码 {code!r} 应为以 {prefix} 开头的 {width} 位数字 "
                    f"(a {width}-digit code under {prefix})",
                    field=field,
                )
            if code in seen:
                raise BadInput(f"{where}: 编码 {code} 重复 (duplicate code)", field=field)
            seen.add(code)
            if width == 15 and code[:12] not in communities:
                raise BadInput(f"{where}: 找不到社区 {code[:12]} (no community {code[:12]})", field=field)
    grid_codes = {r["code"] for r in grids}
    for r in micros:
        if r["code"][:15] not in grid_codes:
            raise BadInput(
                f"micro_grid_layer[{r['row']}]: 网格 {r['code'][:15]} 不在网格图层中 "
                f"(its grid is not in the grid layer)",
                field="micro_grid_layer",
            )


def plan_bulk(params: dict) -> Plan:
    """`params`: {area: community or street code, grids: rows, micro_grids: rows} (rows from read_upload)."""
    area = AdminArea.objects.filter(code=params["area"], level__in=["community", "street"]).first()
    if area is None:
        raise NotFound(f"找不到社区或街道 {params['area']} (no community or street)", field="area")
    prefix = prefix_of(area.code)
    communities = {
        c.code: c for c in AdminArea.objects.filter(level="community", code__startswith=prefix).select_related("parent")
    }
    grids, micros = params["grids"], params["micro_grids"]
    _check_codes(grids, micros, prefix, communities)
    before = load_state(Grid.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    old_codes = set(before.grids) | set(before.micro_grids)
    reused = (({r["code"] for r in grids} | {r["code"] for r in micros}) - old_codes) & (
        _used_codes(prefix)
        | set(Grid.objects.values_list("code", flat=True).filter(code__startswith=prefix))
        | set(MicroGrid.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    )
    if reused:
        code = sorted(reused)[0]
        raise BadInput(
            f"编码 {code} 曾被使用，编码不可复用 (code {code} was used before; codes are never reused)",
            field="grid_layer" if len(code) == 15 else "micro_grid_layer",
        )
    after = State()
    for r in grids:
        old = before.grids.get(r["code"])
        kind = r["kind"] if r["kind"] in GridKind.values else (old.kind if old else GridKind.COMPREHENSIVE)
        community = communities[r["code"][:12]]
        after.grids[r["code"]] = GridRow(r["code"], r["name"], kind, community.code, community.parent.code, r["geom"])
    for r in micros:
        after.micro_grids[r["code"]] = MicroRow(r["code"], r["name"], r["code"][:15], r["geom"])
    for code, grid in sorted(after.grids.items()):
        children = [m.geom for m in after.micro_of(code).values()]
        gap, overlap = geo.tiling_error_m2(grid.geom, children) if children else (geo.planar_m2(grid.geom), 0)
        if gap >= geo.TILING_TOLERANCE_M2 or overlap >= geo.TILING_TOLERANCE_M2:
            raise geo.GeometryRefused(
                f"网格 {code} 的微网格未铺满或有重叠（缺口 {gap:.1f} m²，重叠 {overlap:.1f} m²）"
                f"(the micro-grids of {code} leave a gap or overlap)",
                field="micro_grid_layer",
                code=code,
                highlight=grid.geom,
            )
    for code, community in sorted(communities.items()):
        grids_in = [g.geom for g in after.grids.values() if g.community == code]
        shape = geo.as_multipolygon(shapely.from_wkb(bytes(community.geom.wkb)))
        gap, overlap = geo.tiling_error_m2(shape, grids_in) if grids_in else (geo.planar_m2(shape), 0)
        if gap >= geo.TILING_TOLERANCE_M2 or overlap >= geo.TILING_TOLERANCE_M2:
            raise geo.GeometryRefused(
                f"社区 {code} 的网格未铺满或有重叠（缺口 {gap:.1f} m²，重叠 {overlap:.1f} m²）"
                f"(the grids of community {code} leave a gap or overlap)",
                field="grid_layer",
                code=code,
                highlight=shape.symmetric_difference(shapely.union_all(grids_in)) if grids_in else shape,
            )
    plan = Plan("bulk", {"area": area.code, "grids": len(grids), "micro_grids": len(micros)}, before, after)
    return plan
