"""The analysts' operations, one typed function each over checked parameters: run a query (within,
buffer, nearest, aggregate), export its result, save a query by name. Views parse and call these."""

from dataclasses import dataclass, replace

from django.db import IntegrityError, transaction

from analysis import conf
from analysis.aggregates import Aggregate, aggregate
from analysis.exports import ExportFile, Table, export, record_export
from analysis.geometry import parse_geometry, parse_point
from analysis.models import SavedQuery
from analysis.queries import Page, buffer, centre_of, geos, nearest, within
from analysis.results import Result
from analysis.scope import Scope, layer_named, make_scope
from geo.errors import BadInput, Conflict, NotFound

__all__ = [
    "OPERATIONS",
    "Query",
    "run",
    "run_export",
    "save_query",
    "delete_saved_query",
    "saved_queries",
    "saved_query",
    "check_query",
]

OPERATIONS = ("within", "buffer", "nearest", "aggregate")


@dataclass(frozen=True)
class Query:
    """A checked query: the operation, its scope and what else it needs."""

    operation: str
    scope: Scope
    clip: object = None  # GEOS geometry rows must meet (within, aggregate)
    centre: object = None  # GEOS centre (buffer, nearest)
    radius_m: float | None = None
    k: int | None = None
    by: str | None = None


def check_query(user, operation: str, params: dict, filters: dict[str, str]) -> Query:
    """Checks everything a query needs (BadInput/NotFound naming the parameter) without running it.
    `params` is what analysis.api.serializers.QuerySerializer validated; `filters` the layer's own
    filters from the query string."""
    if operation not in OPERATIONS:
        raise BadInput(f"未知查询类型 {operation!r} (one of {', '.join(OPERATIONS)})", field="operation")
    layer = layer_named(params.get("layer"))
    crs = params.get("crs") or "wgs84"
    geometry = parse_geometry(params["geometry"], crs) if params.get("geometry") else None
    scope = make_scope(
        layer,
        user.jurisdiction,
        area=params.get("area") or None,
        start=params.get("from"),
        end=params.get("to"),
        filters=filters,
        raw=operation != "aggregate",
    )
    if operation in ("within", "aggregate"):
        if operation == "aggregate" and not params.get("by"):
            raise BadInput("by: 汇总须指定单元 (street, community, grid, micro_grid, h3:7…10)", field="by")
        return Query(operation, scope, clip=geos(geometry) if geometry is not None else None, by=params.get("by"))
    lon, lat = params.get("lon"), params.get("lat")
    if (lon is None) != (lat is None):
        raise BadInput("lon/lat: 须同时给出经度和纬度 (give both lon and lat)", field="lat" if lat is None else "lon")
    point = parse_point(lon, lat, crs) if lon is not None else None
    centre = centre_of(
        user.jurisdiction, point=point, place=params.get("place"), event=params.get("event"), geometry=geometry
    )
    if operation == "buffer":
        if params.get("radius_m") is None:
            raise BadInput("radius_m: 缓冲查询须指定半径(米) (radius in metres required)", field="radius_m")
        return Query(operation, scope, centre=centre, radius_m=params["radius_m"])
    return Query(operation, scope, centre=centre, k=params.get("k") or 5)


def _execute(query: Query, page: Page, count: bool) -> Result | Aggregate:
    scope = query.scope
    if query.clip is not None:
        field = scope.layer.geom_field
        scope = replace(scope, where={f"{field}__intersects": query.clip})
    if query.operation == "within":
        return within(scope, page=page, count=count)
    if query.operation == "buffer":
        return buffer(scope, query.centre, query.radius_m, page=page, count=count)
    if query.operation == "nearest":
        return nearest(scope, query.centre, query.k)
    return aggregate(scope, query.by)


def run(user, operation: str, params: dict, filters: dict[str, str]) -> Result | Aggregate:
    """One page of a query's features (limit/offset in `params`), or the aggregate."""
    query = check_query(user, operation, params, filters)
    page = Page(limit=params.get("limit") or conf.PAGE_SIZE, offset=params.get("offset") or 0)
    return _execute(query, page, count=True)


def _table(result: Result | Aggregate, name: str) -> Table:
    if isinstance(result, Aggregate):
        columns = ["code", "name", "count", *(f"{n}_{m}" for n in result.numeric for m in ("sum", "avg"))]
        return Table(name, columns, result.rows, result.geoms)
    layer = result.layer
    track_key = "user" if layer.gpx == "tracks" and layer.geometry_type == "Point" else None
    return Table(name, result.columns, result.rows, result.geoms, gpx=layer.gpx, track_key=track_key)


def run_export(user, operation: str, params: dict, filters: dict[str, str], fmt: str, raw_params: dict) -> ExportFile:
    """Every row of the query (up to settings.ANALYSIS_EXPORT_MAX_ROWS) as a file; recorded."""
    query = check_query(user, operation, params, filters)
    limit = conf.export_max_rows()
    result = _execute(query, Page(limit=limit + 1, offset=0), count=False)
    if len(result.rows) > limit:
        raise BadInput(
            f"超过导出上限 {limit:,} 行，请缩小范围 (more than {limit:,} rows: narrow the query)", field="format"
        )
    name = f"{query.scope.layer.name}_{operation}"
    crs = params.get("crs") or "wgs84"
    file = export(_table(result, name), fmt, crs, csv_geometry=params.get("csv_geometry") or "wkt")
    record_export(
        user, layer=query.scope.layer.name, operation=operation, params=raw_params, fmt=fmt, crs=crs, rows=file.rows
    )
    return file


def saved_queries(user):
    return SavedQuery.objects.filter(owner=user)


def saved_query(user, pk: int) -> SavedQuery:
    found = saved_queries(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(f"保存的查询 {pk} 不存在 (no such saved query)", field="id")
    return found


def delete_saved_query(user, pk: int):
    saved_query(user, pk).delete()


@transaction.atomic
def save_query(
    user, name: str, operation: str, params: dict, filters: dict[str, str], raw_params: dict, pk: int | None = None
) -> SavedQuery:
    """Saves (or, with `pk`, replaces) a named query: `raw_params` as the query API takes them,
    checked first (`params`/`filters` are their parsed form)."""
    check_query(user, operation, params, filters)
    saved = saved_query(user, pk) if pk is not None else SavedQuery(owner=user)
    saved.name, saved.operation, saved.params = name, operation, raw_params
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError:
        raise Conflict(f"name: 已有同名查询 {name!r} (a saved query with this name exists)", field="name") from None
    return saved
