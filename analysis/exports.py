"""Query results and aggregates as files: GeoJSON, CSV (UTF-8 with BOM; WKT or lon/lat columns),
GeoPackage, zipped Shapefile, KML and GPX, in WGS84, CGCS2000, GCJ-02 or BD-09. pyogrio writes the
GIS formats; every export is recorded (who, what, when, how many rows)."""

import csv
import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from django.utils import timezone

from accounts import audit
from analysis.geometry import geojson_geometries, to_output_crs
from analysis.models import ExportRecord
from geo.errors import BadInput

__all__ = ["FORMATS", "Table", "ExportFile", "export", "record_export"]

# format → (GDAL driver or None when written here, media type, file suffix)
FORMATS = {
    "geojson": (None, "application/geo+json", "geojson"),
    "csv": (None, "text/csv; charset=utf-8", "csv"),
    "gpkg": ("GPKG", "application/geopackage+sqlite3", "gpkg"),
    "shp": ("ESRI Shapefile", "application/zip", "zip"),
    "kml": ("KML", "application/vnd.google-earth.kml+xml", "kml"),
    "gpx": ("GPX", "application/gpx+xml", "gpx"),
}
# CGCS2000 is declared as itself; GCJ-02 and BD-09 have no EPSG code and are written as WGS84
# coordinates shifted (what every Chinese web map expects of them).
_EPSG = {"wgs84": "EPSG:4326", "cgcs2000": "EPSG:4490", "gcj02": "EPSG:4326", "bd09": "EPSG:4326"}
_FAMILIES = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line"}
BOM = "\ufeff"


@dataclass
class Table:
    """What an export writes: rows of properties (`columns` in order) and WGS84 shapely geometries.
    `gpx` is "tracks" (lines, or points joined per `track_key` in time order) or "waypoints"."""

    name: str
    columns: list[str]
    rows: list[dict]
    geoms: np.ndarray
    gpx: str = "waypoints"
    track_key: str | None = None


@dataclass
class ExportFile:
    content: bytes
    media_type: str
    filename: str
    rows: int


def _text(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _frame(table: Table, geoms, crs: str) -> gpd.GeoDataFrame:
    data = {c: [_text(r.get(c)) for r in table.rows] for c in table.columns}
    return gpd.GeoDataFrame(data, geometry=list(geoms), crs=_EPSG[crs])


def _geojson(table: Table, geoms) -> bytes:
    features = [
        {
            "type": "Feature",
            "id": row.get("id", i),
            "geometry": g,
            "properties": {c: _text(row.get(c)) for c in table.columns},
        }
        for i, (row, g) in enumerate(zip(table.rows, geojson_geometries(geoms), strict=True))
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()


def _csv(table: Table, geoms, geometry: str) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    lonlat = geometry == "lonlat"
    writer.writerow([*table.columns, *(("lon", "lat") if lonlat else ("wkt",))])
    if lonlat:  # a line's or polygon's point on its surface
        points = [g if g is None or g.geom_type == "Point" else g.point_on_surface() for g in geoms]
        coords = [("", "") if p is None else (p.x, p.y) for p in points]
    else:
        coords = [("",) if w is None else (w,) for w in shapely.to_wkt(geoms, rounding_precision=7, trim=True)]
    for row, extra in zip(table.rows, coords, strict=True):
        writer.writerow([("" if row.get(c) is None else _text(row.get(c))) for c in table.columns] + list(extra))
    return out.getvalue().encode("utf-8")


def _write(frame: gpd.GeoDataFrame, path: Path, driver: str, layer: str, **options):
    frame.to_file(path, driver=driver, layer=layer, engine="pyogrio", **options)


def _shapefile(table: Table, geoms, crs: str, tmp: Path) -> bytes:
    """One .shp per geometry family (a Shapefile holds one type), zipped; UTF-8 announced by .cpg."""
    frame = _frame(table, geoms, crs)
    families = np.array([_FAMILIES.get(g.geom_type, "polygon") if g is not None else "none" for g in geoms])
    names = sorted(set(families) - {"none"})
    for family in names:
        part = frame[families == family]
        stem = table.name if len(names) == 1 else f"{table.name}_{family}"
        _write(part, tmp / f"{stem}.shp", "ESRI Shapefile", stem, encoding="UTF-8", promote_to_multi=family != "point")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(tmp.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


def _label(table: Table) -> str | None:
    return next((c for c in ("name", "title", "code", "user", "id") if c in table.columns), None)


def _tracks(table: Table, geoms) -> gpd.GeoDataFrame:
    """Lines as tracks; points joined per `track_key` in the order given (a worker's fixes)."""
    if table.track_key:
        groups: dict = {}
        for row, g in zip(table.rows, geoms, strict=True):
            groups.setdefault(str(row.get(table.track_key)), []).append((g.x, g.y))
        named = [(key, shapely.LineString(xy)) for key, xy in groups.items() if len(xy) > 1]
    else:
        label = _label(table)
        named = [(str(r.get(label, "")), g) for r, g in zip(table.rows, geoms, strict=True) if g is not None]
    lines = [shapely.MultiLineString([g]) if g.geom_type == "LineString" else g for _, g in named]
    return gpd.GeoDataFrame({"name": [n for n, _ in named]}, geometry=lines, crs="EPSG:4326")


def _waypoints(table: Table, geoms) -> gpd.GeoDataFrame:
    """Points as waypoints; an area's waypoint is a point on its surface."""
    geoms = [g if g is None or g.geom_type == "Point" else g.point_on_surface() for g in geoms]
    label = _label(table)
    described = [json.dumps({c: _text(r.get(c)) for c in table.columns}, ensure_ascii=False) for r in table.rows]
    names = [str(r.get(label, "")) for r in table.rows]
    return gpd.GeoDataFrame({"name": names, "desc": described}, geometry=list(geoms), crs="EPSG:4326")


def _gpx(table: Table, geoms, tmp: Path) -> bytes:
    tracks = table.gpx == "tracks"
    frame = _tracks(table, geoms) if tracks else _waypoints(table, geoms)
    path = tmp / f"{table.name}.gpx"
    _write(frame, path, "GPX", "tracks" if tracks else "waypoints")
    return path.read_bytes()


def export(table: Table, fmt: str, crs: str = "wgs84", csv_geometry: str = "wkt") -> ExportFile:
    """`table` as a file in `fmt` with coordinates in `crs`."""
    if fmt not in FORMATS:
        raise BadInput(f"format: 须为 {', '.join(FORMATS)} 之一 (unknown export format)", field="format")
    driver, media_type, suffix = FORMATS[fmt]
    geoms = to_output_crs(table.geoms, crs) if len(table.geoms) else table.geoms
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    filename = f"{table.name}-{crs}-{stamp}.{suffix}"
    if fmt == "geojson":
        content = _geojson(table, geoms)
    elif fmt == "csv":
        content = _csv(table, geoms, csv_geometry)
    else:
        if not len(table.rows):
            raise BadInput("没有可导出的数据 (nothing to export: the query matched no rows)", field="format")
        with tempfile.TemporaryDirectory() as tmp:
            if fmt == "shp":
                content = _shapefile(table, geoms, crs, Path(tmp))
            elif fmt == "gpx":
                content = _gpx(table, geoms, Path(tmp))
            else:
                path = Path(tmp) / filename
                _write(_frame(table, geoms, crs), path, driver, table.name)
                content = path.read_bytes()
    return ExportFile(content, media_type, filename, len(table.rows))


def record_export(user, *, layer: str, operation: str, params: dict, fmt: str, crs: str, rows: int) -> ExportRecord:
    audit.record(None, "export", user=user, target=f"{layer}:{operation}", detail={"rows": rows, "format": fmt})
    return ExportRecord.objects.create(
        user=user,
        username=user.get_username(),
        jurisdiction=user.jurisdiction.prefix or "",
        layer=layer,
        operation=operation,
        params=params,
        format=fmt,
        crs=crs,
        rows=rows,
    )
