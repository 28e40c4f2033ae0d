"""Read and write area layers (GeoJSON, GeoPackage, zipped Shapefile) with geopandas + pyogrio.

Everything handed back or written is WGS84 lon/lat degrees (EPSG:4326). A file's own CRS is only
accepted from ALLOWED_EPSG: user input never reaches GDAL/PROJ as a free-form SRS definition.
"""

import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from geo.crs import to_wgs84
from geo.errors import BadInput
from geo.jurisdiction import prefix_of
from geo.models import AdminArea
from geo.partition import as_multipolygon
from grids.models import Grid, MicroGrid

__all__ = [
    "ALLOWED_EPSG",
    "EXPORT_FORMATS",
    "AreaFileError",
    "SourceLayer",
    "read_layer",
    "to_wgs84_geometries",
    "coordinate_problem",
    "field_text",
    "polygonal",
    "format_for",
    "export_frame",
    "write_layer",
]

# WGS84, CGCS2000 geographic, CGCS2000 3-degree Gauss-Krüger CM 117E/120E/123E, Web Mercator.
ALLOWED_EPSG = (4326, 4490, 4549, 4547, 4548, 3857)
EXPORT_FORMATS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".zip": "shp"}
_READABLE_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".shp")
_DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG", "shp": "ESRI Shapefile"}
_DBF_MAX_BYTES = 254

# Latitude/longitude of anything in China written in the wrong order (degrees).
_SWAPPED_X, _SWAPPED_Y = (15.0, 55.0), (70.0, 140.0)


class AreaFileError(BadInput):
    """The file as a whole cannot be used (unreadable, unknown layer, CRS not allowed)."""


@dataclass
class SourceLayer:
    """A layer as read: attribute rows and shapely geometries in the file's own coordinates."""

    frame: gpd.GeoDataFrame
    epsg: int | None  # the CRS the file declares, None when it declares none

    @property
    def columns(self) -> list[str]:
        return [c for c in self.frame.columns if c != self.frame.geometry.name]


def _check_readable(path: Path, layer: str | None):
    if path.suffix.lower() not in _READABLE_SUFFIXES:
        raise AreaFileError(
            f"{path.name}: unsupported file type; use .geojson/.json, .gpkg or a zipped Shapefile (.zip)"
        )
    if not path.exists():
        raise AreaFileError(f"{path}: no such file")
    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    except pyogrio.errors.DataSourceError as exc:
        raise AreaFileError(f"{path.name}: cannot read it ({exc})") from exc
    if layer is not None and layer not in layers:
        raise AreaFileError(f"{path.name}: no layer {layer!r}; layers: {', '.join(layers)}")
    if layer is None and len(layers) > 1:
        raise AreaFileError(f"{path.name} has several layers ({', '.join(layers)}); pick one with --layer")


def _epsg_of(crs: CRS) -> int | None:
    epsg = crs.to_epsg()
    if epsg is None:  # e.g. OGC:CRS84, which is EPSG:4326 with lon/lat axis order
        epsg = next((code for code in ALLOWED_EPSG if crs.equals(CRS.from_epsg(code), ignore_axis_order=True)), None)
    return epsg


def _declared_epsg(path: Path, frame: gpd.GeoDataFrame) -> int | None:
    if frame.crs is None:
        return None
    epsg = _epsg_of(frame.crs)
    if epsg not in ALLOWED_EPSG:
        allowed = ", ".join(f"EPSG:{c}" for c in ALLOWED_EPSG)
        raise AreaFileError(
            f"{path.name} declares the CRS {frame.crs.name!r}"
            f"{f' (EPSG:{epsg})' if epsg else ''}, which is not accepted; reproject it to one of {allowed}"
            " (e.g. ogr2ogr -t_srs EPSG:4326)"
        )
    # GDAL reports WGS84 for every GeoJSON (RFC 7946), whether or not the file names a CRS.
    if epsg == 4326 and path.suffix.lower() in (".geojson", ".json"):
        return None
    return epsg


def read_layer(path, layer: str | None = None) -> SourceLayer:
    """Read one layer of `path`; raises AreaFileError when the file or its declared CRS is unusable."""
    path = Path(path)
    _check_readable(path, layer)
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise AreaFileError(f"{path.name}: cannot read it ({exc})") from exc
    epsg = _declared_epsg(path, frame)
    if epsg not in (None, 4326):
        frame = frame.to_crs(epsg=4326)
    return SourceLayer(frame=frame, epsg=epsg)


def coordinate_problem(geom, crs_declared: bool) -> str | None:
    """Why the lon/lat degrees of `geom` cannot be right, or None."""
    bounds = np.asarray(geom.bounds, dtype=float)
    if not np.isfinite(bounds).all():
        return "coordinates are not finite numbers"
    minx, miny, maxx, maxy = bounds
    if _SWAPPED_X[0] <= minx and maxx <= _SWAPPED_X[1] and _SWAPPED_Y[0] <= miny and maxy <= _SWAPPED_Y[1]:
        return (
            f"coordinates look swapped (x={minx:.4f}, y={miny:.4f} reads as latitude, longitude); "
            "write them as longitude, latitude (x = longitude)"
        )
    if max(abs(minx), abs(maxx)) > 180 and not crs_declared:
        allowed = ", ".join(f"EPSG:{c}" for c in ALLOWED_EPSG)
        return (
            f"coordinates look projected (x={minx:.1f}, metres?) but the file declares no CRS; "
            f"declare it in the file ({allowed}) or reproject to longitude/latitude EPSG:4326"
        )
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        return (
            f"coordinates out of range (x {minx:.4f}..{maxx:.4f}, y {miny:.4f}..{maxy:.4f}); "
            "longitude must be within -180..180 and latitude within -90..90"
        )
    return None


def to_wgs84_geometries(source: SourceLayer, crs: str) -> tuple[list, dict[int, str]]:
    """The layer's geometries in WGS84 degrees, and {0-based index: coordinate problem}.

    `crs` (a geo.crs name) is the lon/lat system of the coordinates after any declared CRS has been
    applied: gcj02/bd09 remove the Chinese map offsets; wgs84/cgcs2000 change nothing."""
    geoms = list(source.frame.geometry)
    problems = {}
    for i, geom in enumerate(geoms):
        problem = None if geom is None or geom.is_empty else coordinate_problem(geom, source.epsg is not None)
        if problem:
            problems[i] = problem
    if crs in ("gcj02", "bd09"):

        def unshift(xy):
            return np.column_stack(to_wgs84(xy[:, 0], xy[:, 1], crs))

        geoms = list(shapely.transform(np.array(geoms, dtype=object), unshift))
    return geoms, problems


def field_text(value) -> str:
    """A field value as text; numbers that GDAL typed as integers or floats keep all their digits."""
    if isinstance(value, str):
        return value.strip()
    if value is None or (np.isscalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def polygonal(geom, repair: bool) -> tuple[shapely.MultiPolygon | None, str | None]:
    """`geom` as a 2D MultiPolygon, or None and why it cannot be one; --repair applies make_valid."""
    if geom is None or geom.is_empty:
        return None, "no geometry"
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None, f"geometry is a {geom.geom_type}; only Polygon or MultiPolygon areas can be imported"
    geom = shapely.force_2d(geom)
    if not geom.is_valid:
        if not repair:
            return None, f"invalid geometry ({shapely.is_valid_reason(geom)}); fix it or import with --repair"
        geom = as_multipolygon(shapely.make_valid(geom))
        if geom.is_empty:
            return None, "invalid geometry that --repair reduces to nothing"
    return as_multipolygon(geom), None


def format_for(path, fmt: str | None = None) -> str:
    """The export format named by `fmt`, or else by the suffix of `path`."""
    suffix = Path(path).suffix.lower()
    fmt = fmt or EXPORT_FORMATS.get(suffix)
    if fmt not in _DRIVERS:
        raise AreaFileError(f"{Path(path).name}: cannot tell the format; use .geojson, .gpkg or .zip, or --format")
    if fmt == "shp" and suffix != ".zip":
        raise AreaFileError("a Shapefile is exported zipped: the path must end with .zip")
    return fmt


def _check_dbf_widths(frame: gpd.GeoDataFrame):
    for column in frame.columns.drop(frame.geometry.name):
        too_long = [v for v in frame[column] if isinstance(v, str) and len(v.encode()) > _DBF_MAX_BYTES]
        if too_long:
            raise AreaFileError(
                f"{len(too_long)} value(s) of {column!r} exceed the Shapefile limit of {_DBF_MAX_BYTES} UTF-8 bytes"
                f" (about 84 Chinese characters), e.g. {too_long[0][:20]}…; export a GeoPackage instead"
            )


def _write_zipped_shapefile(path: Path, frame: gpd.GeoDataFrame, layer: str):
    _check_dbf_widths(frame)
    with tempfile.TemporaryDirectory() as tmp:
        # UTF-8 in the .dbf, announced by a .cpg, so Chinese names survive any reader.
        frame.to_file(Path(tmp) / f"{layer}.shp", driver=_DRIVERS["shp"], engine="pyogrio", encoding="UTF-8")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(tmp).iterdir()):
                archive.write(part, part.name)


def write_layer(path, frame: gpd.GeoDataFrame, fmt: str, layer: str):
    """Write `frame` (EPSG:4326) to `path`, replacing any existing file."""
    path = Path(path)
    if not path.parent.is_dir():
        raise AreaFileError(f"{path.parent}: no such directory")
    path.unlink(missing_ok=True)
    if fmt == "shp":
        _write_zipped_shapefile(path, frame, layer)
    else:
        frame.to_file(path, driver=_DRIVERS[fmt], layer=layer, engine="pyogrio")


def _export_rows(level: str):
    """Rows of (code, name, parent code, geom[, kind for grids]) for one level."""
    if level in ("street", "community"):
        return AdminArea.objects.filter(level=level).values_list("code", "name", "parent__code", "geom")
    if level == "grid":
        return Grid.objects.values_list("code", "name", "community__code", "geom", "kind")
    return MicroGrid.objects.values_list("code", "name", "grid__code", "geom")


def export_frame(level: str, within: str | None = None) -> gpd.GeoDataFrame:
    """The `level` areas, or those inside the area code `within`, as a frame in EPSG:4326 with fields
    code, name, parent (the parent's code), level and, for grids, kind."""
    rows = _export_rows(level).order_by("code")
    if within:
        try:
            rows = rows.filter(code__startswith=prefix_of(within))
        except ValueError as exc:
            raise AreaFileError(f"--within {within!r}: {exc}") from exc
    rows = list(rows)
    if not rows:
        raise AreaFileError(f"no {level} areas{f' inside {within}' if within else ''} to export")
    codes, names, parents, geoms, *kinds = zip(*rows, strict=True)
    columns = {"code": codes, "name": names, "parent": parents, **({"kind": kinds[0]} if kinds else {})}
    columns["level"] = [level] * len(rows)
    geometry = shapely.from_wkb([bytes(g.wkb) for g in geoms])
    return gpd.GeoDataFrame(columns, geometry=geometry, crs="EPSG:4326")
