"""What a query hands back: a layer's rows (properties, personal fields masked) with their WGS84
geometries, and how they leave as GeoJSON features in the CRS a client asked for."""

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import shapely
from django.contrib.gis.db.models.functions import AsWKB
from django.db.models import QuerySet
from django.utils import timezone

from analysis.geometry import geojson_geometries, to_output_crs
from geo.query_layers import QueryLayer

__all__ = ["Result", "fetch", "features", "feature_collection"]

_WKB = "analysis_wkb"


@dataclass
class Result:
    """`rows[i]` are the properties of the feature whose geometry is `geoms[i]` (WGS84)."""

    layer: QueryLayer
    rows: list[dict]
    geoms: np.ndarray
    matched: int | None = None  # rows matching in all (this page may hold fewer)
    extra: tuple[str, ...] = ()  # computed properties beyond the layer's fields, e.g. distance_m
    meta: dict = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return [*self.layer.fields, *self.extra]

    def __len__(self):
        return len(self.rows)


def _value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value)
    return value


def fetch(layer: QueryLayer, qs: QuerySet, extra: dict[str, str] | None = None) -> Result:
    """Evaluate `qs` (already ordered and sliced) into a Result; `extra` maps a computed property to
    the annotation holding it (its values are rounded to 0.1)."""
    extra = extra or {}
    paths = list(dict.fromkeys(layer.fields.values()))
    values = qs.annotate(**{_WKB: AsWKB(layer.geom_field)}).values(*paths, _WKB, *extra.values())
    rows, wkbs = [], []
    for record in values:
        row = {}
        for prop, path in layer.fields.items():
            value = _value(record[path])
            mask = layer.personal.get(prop)
            row[prop] = mask(value) if mask and value not in (None, "") else value
        for prop, annotation in extra.items():
            row[prop] = None if record[annotation] is None else round(record[annotation], 1)
        rows.append(row)
        wkbs.append(bytes(record[_WKB]) if record[_WKB] is not None else None)
    geoms = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else np.array([], dtype=object)
    return Result(layer=layer, rows=rows, geoms=geoms, extra=tuple(extra))


def features(result: Result, crs: str = "wgs84") -> list[dict]:
    geometries = geojson_geometries(to_output_crs(result.geoms, crs)) if len(result) else []
    out = []
    for i, (row, geometry) in enumerate(zip(result.rows, geometries, strict=True)):
        fid = row.get("id", i)
        out.append({"type": "Feature", "id": fid, "geometry": geometry, "properties": row})
    return out


def feature_collection(result: Result, output_crs: str = "wgs84", **members) -> dict:
    return {"type": "FeatureCollection", **members, "features": features(result, output_crs)}
