"""`/tiles/{layer}/{z}/{x}/{y}.pbf` and `/tiles/{layer}.json` (TileJSON 3.0), cut to the user's jurisdiction.

Plain Django views rather than DRF: a map asks for dozens of tiles a second and needs none of DRF's
content negotiation. Session (the map page) or `Authorization: Token …` (API clients) both work."""

from functools import partial

from django.contrib.gis.db.models import Extent
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.settings import api_settings

from geo.api.errors import error_response
from geo.errors import BadInput, Forbidden, NotFound, Unauthenticated
from geo.jurisdiction import Jurisdiction
from geo.models import AdminArea
from geo.tiles.cache import tile_cache
from geo.tiles.layers import MAX_ZOOM, get_layer
from geo.tiles.mvt import render_tile
from geo.tiles.shift import tile_shift
from ops.replica import reads_replica

__all__ = ["tile", "tilejson", "tile_response", "user_for_token"]

MVT_TYPE = "application/vnd.mapbox-vector-tile"


def _user(request):
    if request.user.is_authenticated:
        return request.user
    # The API's token class (the first configured: accounts.tokens.ApiTokenAuthentication), without
    # DRF's request wrapper; tiles are plain views for speed.
    try:
        found = api_settings.DEFAULT_AUTHENTICATION_CLASSES[0]().authenticate(request)
    except AuthenticationFailed:
        return None
    return found[0] if found else None


def user_for_token(key: str):
    """The active user of an API token (`Authorization: Token <key>`), or None: the lean tile path's
    authentication, the same check (expiry included) `_user` makes through the API's token class."""
    try:
        return api_settings.DEFAULT_AUTHENTICATION_CLASSES[0]().authenticate_credentials(key)[0]
    except AuthenticationFailed:
        return None


def _layer_and_jurisdiction(request, name):
    return _layer_and_jurisdiction_of(_user(request), name)


def _layer_and_jurisdiction_of(user, name):
    if user is None:
        return None, None, error_response(Unauthenticated("需要登录 (authentication required)"))
    layer = get_layer(name)
    if layer is None:
        return None, None, error_response(NotFound(f"没有图层 {name!r} (unknown layer)", field="layer"))
    if layer.allowed is not None and not layer.allowed(user):
        return None, None, error_response(Forbidden(f"您的角色不能查看图层 {name!r} (your role cannot see this layer)"))
    return layer, user.jurisdiction, None


@require_GET
def tile(request, layer, z, x, y):
    return tile_response(
        _user(request), layer, z, x, y, request.GET.get("shift") or "", request.headers.get("If-None-Match", "")
    )


@reads_replica
def tile_response(user, layer, z, x, y, shift_name: str, if_none_match: str) -> HttpResponse:
    """One tile for `user` (None: not authenticated): the view's whole answer, also the lean path's
    (geo/tiles/lean.py)."""
    layer, jurisdiction, error = _layer_and_jurisdiction_of(user, layer)
    if error:
        return error
    bad = "z" if not 0 <= z <= MAX_ZOOM else "x" if not 0 <= x < 2**z else "y" if not 0 <= y < 2**z else None
    if bad:
        message = f"瓦片坐标超出范围: z 0–{MAX_ZOOM}, x 与 y 0–2^z−1 (tile {z}/{x}/{y} out of range)"
        return error_response(BadInput(message, field=bad))
    try:
        shift = tile_shift(shift_name, z, x, y)
    except BadInput as exc:
        return error_response(exc)
    if jurisdiction.prefix is None or not (layer.minzoom <= z <= layer.maxzoom):
        return HttpResponse(status=204)
    version = layer.version()
    etag = f'W/"{layer.name}-{version}-{jurisdiction.prefix}-{shift_name}"'
    if etag in if_none_match:
        return _cached(HttpResponse(status=304), etag)
    key = (layer.name, version, jurisdiction.prefix, shift_name, z, x, y)
    data = tile_cache.get(key)
    if data is None:
        render = layer.render or partial(render_tile, layer)
        data = render(z, x, y, jurisdiction.prefix, shift)
        tile_cache.put(key, data)
    response = HttpResponse(data, content_type=MVT_TYPE) if data else HttpResponse(status=204)
    return _cached(response, etag)


def _cached(response, etag):
    response["ETag"] = etag
    # Private: a tile's contents depend on who asks. Revalidate so layer edits show at once.
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Cookie, Authorization"
    return response


def _bounds(jurisdiction: Jurisdiction) -> list[float]:
    """The extent of the user's areas (or of all areas), [west, south, east, north] in degrees."""
    areas = AdminArea.objects.filter(jurisdiction.q("code"))
    extent = areas.aggregate(e=Extent("geom"))["e"] or AdminArea.objects.aggregate(e=Extent("geom"))["e"]
    return [round(v, 6) for v in extent] if extent else [-180, -85.0511, 180, 85.0511]


@require_GET
@reads_replica
def tilejson(request, layer):
    layer, jurisdiction, error = _layer_and_jurisdiction(request, layer)
    if error:
        return error
    url = request.build_absolute_uri("/tiles/") + f"{layer.name}/{{z}}/{{x}}/{{y}}.pbf"
    fields = {out: kind for out, (_, kind) in layer.columns.items()}
    return JsonResponse(
        {
            "tilejson": "3.0.0",
            "name": layer.name,
            "description": layer.title,
            "scheme": "xyz",
            "tiles": [url],
            "minzoom": layer.minzoom,
            "maxzoom": layer.maxzoom,
            "bounds": _bounds(jurisdiction),
            "vector_layers": [{"id": layer.name, "fields": fields, "minzoom": layer.minzoom, "maxzoom": layer.maxzoom}],
        },
        json_dumps_params={"ensure_ascii": False},
    )
