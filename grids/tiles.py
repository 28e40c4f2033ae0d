"""The grids app's vector-tile layers: admin areas, grids, micro-grids and places."""

from functools import partial

from geo.tiles.layers import TileLayer, register
from grids.versions import layer_version

LAYERS = [
    TileLayer(
        name="areas",
        title="行政区域 streets and communities",
        table="geo_adminarea",
        geom_column="geom",
        code_column="code",
        version=partial(layer_version, "admin_area"),
        minzoom=0,
        columns={
            "id": ("id", "Number"),
            "code": ("code", "String"),
            "name": ("name", "String"),
            "level": ("level", "String"),
        },
    ),
    TileLayer(
        name="grids",
        title="网格 grids",
        table="grids_grid",
        geom_column="geom",
        code_column="code",
        version=partial(layer_version, "grid"),
        minzoom=11,
        columns={
            "id": ("id", "Number"),
            "code": ("code", "String"),
            "name": ("name", "String"),
            "kind": ("kind", "String"),
        },
    ),
    TileLayer(
        name="microgrids",
        title="微网格 micro-grids",
        table="grids_microgrid",
        geom_column="geom",
        code_column="code",
        version=partial(layer_version, "micro_grid"),
        minzoom=14,
        columns={"id": ("id", "Number"), "code": ("code", "String"), "name": ("name", "String")},
    ),
    TileLayer(
        name="places",
        title="场所/部件 places",
        table="grids_place",
        geom_column="geom",
        code_column="location_code",
        version=partial(layer_version, "place"),
        minzoom=12,
        columns={
            "id": ("id", "Number"),
            "kind": ("kind", "String"),
            "name": ("name", "String"),
            "code": ("location_code", "String"),
        },
    ),
]


def register_layers():
    for layer in LAYERS:
        register(layer)
