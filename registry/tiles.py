"""The registry's vector-tile layers: building footprints (z ≥ 15) and, for the roles allowed to see
them, special-group people at their home's point coloured by management level."""

from functools import partial

from django.db import connection

from geo.tiles.layers import TileLayer, register

__all__ = ["LAYERS", "register_layers", "registry_version"]


def registry_version(table: str) -> int:
    """Changes whenever the table's rows change: the per-area counts' sum moves with every insert
    and delete, and the newest update time with every edit."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(extract(epoch FROM max(updated_at))::bigint, 0) + count(*) FROM registry_building"
            if table == "building"
            else "SELECT coalesce(sum(special), 0) * 1000003 + (SELECT count(*) FROM registry_groupmembership_history)"
            " FROM registry_areacount"
        )
        return int(cursor.fetchone()[0])


LAYERS = [
    TileLayer(
        name="buildings",
        title="楼栋 buildings",
        table="registry_building",
        geom_column="footprint",
        code_column="location_code",
        version=partial(registry_version, "building"),
        minzoom=15,
        columns={
            "id": ("id", "Number"),
            "code": ("code", "String"),
            "name": ("name", "String"),
            "kind": ("kind", "String"),
            "floors": ("floors", "Number"),
            "address": ("address", "String"),
        },
    ),
]


def register_layers():
    for layer in LAYERS:
        register(layer)
