"""The grids app's query layers for analysts: streets, communities, grids, micro-grids and places."""

from geo.models import AdminArea
from geo.query_layers import QueryLayer, choice_filter, prefix_filter, register
from grids.models import Grid, GridKind, MicroGrid, Place, PlaceKind

__all__ = ["LAYERS", "register_query_layers"]

_AREA_FIELDS = {"id": "id", "code": "code", "name": "name", "parent": "parent__code"}

LAYERS = [
    QueryLayer(
        name="streets",
        title="街道/镇 streets",
        queryset=lambda: AdminArea.objects.filter(level="street"),
        geom_field="geom",
        code_field="code",
        ogc=True,
        geometry_type="MultiPolygon",
        fields=_AREA_FIELDS,
        filters={"code": prefix_filter("code", "编码前缀 code prefix")},
    ),
    QueryLayer(
        name="communities",
        title="社区/村 communities",
        queryset=lambda: AdminArea.objects.filter(level="community"),
        geom_field="geom",
        code_field="code",
        ogc=True,
        geometry_type="MultiPolygon",
        fields=_AREA_FIELDS,
        filters={"code": prefix_filter("code", "编码前缀 code prefix")},
    ),
    QueryLayer(
        name="grids",
        title="网格 grids",
        queryset=lambda: Grid.objects.all(),
        geom_field="geom",
        code_field="code",
        ogc=True,
        geometry_type="MultiPolygon",
        fields={"id": "id", "code": "code", "name": "name", "kind": "kind", "community": "community__code"},
        filters={"kind": choice_filter("kind", GridKind), "code": prefix_filter("code", "编码前缀 code prefix")},
    ),
    QueryLayer(
        name="microgrids",
        title="微网格 micro-grids",
        queryset=lambda: MicroGrid.objects.all(),
        geom_field="geom",
        code_field="code",
        ogc=True,
        geometry_type="MultiPolygon",
        fields={"id": "id", "code": "code", "name": "name", "grid": "grid__code"},
        filters={"code": prefix_filter("code", "编码前缀 code prefix")},
    ),
    QueryLayer(
        name="places",
        title="场所/部件 places",
        queryset=lambda: Place.objects.all(),
        geom_field="geom",
        code_field="location_code",
        geometry_type="Geometry",
        fields={"id": "id", "name": "name", "kind": "kind", "code": "location_code", "grid": "grid__code"},
        filters={"kind": choice_filter("kind", PlaceKind)},
        split_by="kind",
        ogc=True,
    ),
]


def register_query_layers():
    for layer in LAYERS:
        register(layer)
