"""Items of an OGC API – Features collection: the collection's layer through the same scope and
query functions as the query API (so the same jurisdiction cut), paged by limit/offset."""

from dataclasses import replace

from django.contrib.gis.geos import Polygon

from analysis.geometry import geojson_geometries
from analysis.limits import time_limited
from analysis.ogc import params
from analysis.ogc.collections import Collection
from analysis.ogc.crs import output_geoms, parse_crs_uri
from analysis.queries import Page, within
from analysis.results import Result, fetch
from analysis.scope import make_scope
from geo.errors import BadInput, NotFound

__all__ = ["CONTROL_PARAMETERS", "items", "item", "geojson_features"]

# Parameters that are not property filters.
CONTROL_PARAMETERS = {"f", "bbox", "bbox-crs", "crs", "limit", "offset", "datetime"}


def _scope(user, collection: Collection, query: dict, start=None, end=None):
    unknown = [k for k in query if k not in CONTROL_PARAMETERS and k not in collection.queryables]
    if unknown:
        known = ", ".join(sorted(CONTROL_PARAMETERS | set(collection.queryables)))
        raise BadInput(f"{unknown[0]}: 未知参数 (unknown parameter; known: {known})", field=unknown[0])
    filters = {**{k: v for k, v in query.items() if k in collection.queryables}, **collection.fixed}
    return make_scope(collection.layer, user.jurisdiction, start=start, end=end, filters=filters)


def items(user, collection: Collection, query: dict) -> tuple[Result, int, int]:
    """(one page of features, limit, offset) for the request's query parameters."""
    bbox = params.parse_bbox(query.get("bbox"), parse_crs_uri(query.get("bbox-crs"), "bbox-crs"))
    start, end = params.parse_datetime_interval(query.get("datetime"))
    limit, offset = params.parse_limit(query.get("limit")), params.parse_offset(query.get("offset"))
    scope = _scope(user, collection, query, start, end)
    if bbox is not None:
        box = Polygon.from_bbox(bbox)
        box.srid = 4326
        scope = replace(scope, where={f"{collection.layer.geom_field}__intersects": box})
    return within(scope, page=Page(limit=limit, offset=offset)), limit, offset


def item(user, collection: Collection, fid: str) -> Result:
    scope = _scope(user, collection, {})
    try:
        pk = int(fid)
    except ValueError:
        raise NotFound(f"要素 {fid} 不存在 (no such feature)", field="featureId") from None
    with time_limited():
        result = fetch(collection.layer, scope.rows().filter(pk=pk))
    if not len(result):
        raise NotFound(f"要素 {fid} 不存在或不在您的辖区内 (no such feature)", field="featureId")
    return result


def geojson_features(result: Result, crs_uri: str) -> list[dict]:
    geometries = geojson_geometries(output_geoms(result.geoms, crs_uri)) if len(result) else []
    return [
        {"type": "Feature", "id": row["id"], "geometry": g, "properties": row}
        for row, g in zip(result.rows, geometries, strict=True)
    ]
