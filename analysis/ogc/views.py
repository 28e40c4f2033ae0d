"""OGC API – Features (Part 1 Core, GeoJSON, HTML; Part 2 CRS) at /ogc/, for desktop GIS (QGIS,
ArcGIS). Authenticated by HTTP Basic, `Authorization: Token …`/`Bearer …`, or the session; every
collection is cut to the user's jurisdiction. JSON unless `f=html` or a browser asks for HTML."""

from urllib.parse import urlencode

from django.contrib.gis.db.models import Extent
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView

from accounts.tokens import ApiTokenAuthentication, BearerTokenAuthentication, ThrottledBasicAuthentication
from analysis.ogc import features
from analysis.ogc.collections import Collection, collection, collections
from analysis.ogc.crs import CRS84, SUPPORTED, parse_crs_uri
from geo.models import AdminArea
from grids.models import Grid

__all__ = ["LandingView", "ConformanceView", "CollectionsView", "CollectionView", "ItemsView", "ItemView"]

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
JSON, GEOJSON, HTML = "application/json", "application/geo+json", "text/html"


def _jurisdiction_extent(user) -> list[float] | None:
    """[min_lon, min_lat, max_lon, max_lat] of the user's jurisdiction (WGS84)."""
    code = user.jurisdiction_code
    if user.is_superuser or not code:
        box = AdminArea.objects.filter(level="district").aggregate(e=Extent("geom"))["e"]
    elif len(code) == 15:
        box = Grid.objects.filter(code=code).aggregate(e=Extent("geom"))["e"]
    else:
        box = AdminArea.objects.filter(code=code).aggregate(e=Extent("geom"))["e"]
    return [round(v, 6) for v in box] if box else None


class _OGCView(APIView):
    schema = None  # the OGC API is described by its own landing page and conformance, not the OpenAPI document

    authentication_classes = [
        ThrottledBasicAuthentication,
        ApiTokenAuthentication,
        BearerTokenAuthentication,
        SessionAuthentication,
    ]
    template = ""

    def wants_html(self, request) -> bool:
        f = request.query_params.get("f")
        if f:
            return f == "html"
        accept = request.headers.get("Accept", "")
        return "text/html" in accept and "json" not in accept

    def url(self, request, path: str, **params) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return request.build_absolute_uri(f"/ogc/{path}{query}")

    def self_links(self, request, path: str, media_type: str = JSON) -> list[dict]:
        return [
            {"href": self.url(request, path, f="json"), "rel": "self", "type": media_type, "title": "JSON"},
            {"href": self.url(request, path, f="html"), "rel": "alternate", "type": HTML, "title": "HTML"},
        ]

    def answer(self, request, body: dict, media_type: str = JSON, headers=None):
        if self.wants_html(request):
            response = render(request, f"analysis/ogc/{self.template}.html", {"body": body})
        else:
            response = JsonResponse(body, content_type=media_type, json_dumps_params={"ensure_ascii": False})
        for key, value in (headers or {}).items():
            response[key] = value
        return response


class LandingView(_OGCView):
    template = "landing"

    def get(self, request):
        links = [
            *self.self_links(request, ""),
            {
                "href": request.build_absolute_uri("/api/schema/?format=json"),
                "rel": "service-desc",
                "type": "application/vnd.oai.openapi+json;version=3.0",
                "title": "OpenAPI",
            },
            {"href": request.build_absolute_uri("/api/docs/"), "rel": "service-doc", "type": HTML, "title": "API"},
            {"href": self.url(request, "conformance"), "rel": "conformance", "type": JSON, "title": "Conformance"},
            {"href": self.url(request, "collections"), "rel": "data", "type": JSON, "title": "Collections"},
        ]
        body = {
            "title": "网格化社会治理 OGC API – Features (Wangge)",
            "description": "网格、场所、事项等图层，按用户辖区裁剪 (grids, places, events… cut to your jurisdiction)",
            "links": links,
        }
        return self.answer(request, body)


class ConformanceView(_OGCView):
    template = "conformance"

    def get(self, request):
        return self.answer(request, {"conformsTo": CONFORMANCE})


def _describe(view: _OGCView, request, c: Collection, extent) -> dict:
    base = f"collections/{c.id}"
    return {
        "id": c.id,
        "title": c.title,
        "description": c.layer.description or c.title,
        "itemType": "feature",
        "extent": {
            "spatial": {"bbox": [extent] if extent else [], "crs": CRS84},
            **(
                {"temporal": {"interval": [[None, None]], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}}
                if c.layer.time_field
                else {}
            ),
        },
        "crs": list(SUPPORTED),
        "storageCrs": CRS84,
        "queryables": c.queryables,
        "links": [
            {"href": view.url(request, base, f="json"), "rel": "self", "type": JSON, "title": c.title},
            {"href": view.url(request, f"{base}/items", f="json"), "rel": "items", "type": GEOJSON, "title": c.title},
            {"href": view.url(request, f"{base}/items", f="html"), "rel": "items", "type": HTML, "title": c.title},
        ],
    }


class CollectionsView(_OGCView):
    template = "collections"

    def get(self, request):
        extent = _jurisdiction_extent(request.user)
        body = {
            "links": self.self_links(request, "collections"),
            "crs": list(SUPPORTED),
            "collections": [_describe(self, request, c, extent) for c in collections()],
        }
        return self.answer(request, body)


class CollectionView(_OGCView):
    template = "collection"

    def get(self, request, collection_id):
        body = _describe(self, request, collection(collection_id), _jurisdiction_extent(request.user))
        return self.answer(request, body)


class ItemsView(_OGCView):
    template = "items"

    def get(self, request, collection_id):
        c = collection(collection_id)
        query = request.query_params.dict()
        crs_uri = parse_crs_uri(query.get("crs"), "crs")
        result, limit, offset = features.items(request.user, c, query)
        path = f"collections/{c.id}/items"
        keep = {k: v for k, v in query.items() if k not in ("f", "offset")}
        links = [
            {"href": self.url(request, path, **keep, f="json", offset=offset), "rel": "self", "type": GEOJSON},
            {"href": self.url(request, path, **keep, f="html", offset=offset), "rel": "alternate", "type": HTML},
            {"href": self.url(request, f"collections/{c.id}", f="json"), "rel": "collection", "type": JSON},
        ]
        if offset + limit < result.matched:
            links.append(
                {
                    "href": self.url(request, path, **keep, f="json", offset=offset + limit),
                    "rel": "next",
                    "type": GEOJSON,
                }
            )
        if offset:
            links.append(
                {
                    "href": self.url(request, path, **keep, f="json", offset=max(offset - limit, 0)),
                    "rel": "prev",
                    "type": GEOJSON,
                }
            )
        body = {
            "type": "FeatureCollection",
            "features": features.geojson_features(result, crs_uri),
            "numberMatched": result.matched,
            "numberReturned": len(result),
            "timeStamp": timezone.now().isoformat(timespec="seconds"),
            "links": links,
            "title": c.title,
            "columns": result.columns,
        }
        return self.answer(request, body, GEOJSON, {"Content-Crs": f"<{crs_uri}>"})


class ItemView(_OGCView):
    template = "item"

    def get(self, request, collection_id, feature_id):
        c = collection(collection_id)
        crs_uri = parse_crs_uri(request.query_params.get("crs"), "crs")
        result = features.item(request.user, c, feature_id)
        body = {
            **features.geojson_features(result, crs_uri)[0],
            "links": [
                *self.self_links(request, f"collections/{c.id}/items/{feature_id}", GEOJSON),
                {"href": self.url(request, f"collections/{c.id}", f="json"), "rel": "collection", "type": JSON},
            ],
            "title": c.title,
        }
        return self.answer(request, body, GEOJSON, {"Content-Crs": f"<{crs_uri}>"})
