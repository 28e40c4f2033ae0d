"""The militia's vector-tile layers: companies (their bases) and emergency resources (warehouses with
their stock total, shelters, hospitals… with capacity). Versions come from grids' layer-version
table, bumped by triggers on the two tables (migration militia/0002)."""

from functools import partial

from geo.tiles.layers import TileLayer, register
from grids.versions import layer_version

LAYERS = [
    TileLayer(
        name="militia",
        title="民兵连 militia companies",
        table="militia_company_tiles",  # a view: companies only (migration militia/0004)
        geom_column="point",
        code_column="location_code",
        version=partial(layer_version, "militia_org"),
        minzoom=9,
        columns={
            "id": ("id", "Number"),
            "name": ("name", "String"),
            "commander": ("commander", "String"),
            "code": ("location_code", "String"),
        },
    ),
    TileLayer(
        name="resources",
        title="应急资源 emergency resources",
        table="militia_resource",
        geom_column="point",
        code_column="location_code",
        version=partial(layer_version, "militia_resource"),
        minzoom=9,
        columns={
            "id": ("id", "Number"),
            "kind": ("kind", "String"),
            "name": ("name", "String"),
            "capacity": ("capacity", "Number"),
            "available": ("available", "Number"),
            "stock": ("stock_total", "Number"),
            "code": ("location_code", "String"),
        },
    ),
]


def register_layers():
    for layer in LAYERS:
        register(layer)
