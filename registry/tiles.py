"""The registry's vector-tile layers: building footprints (z ≥ 15) and, for the roles allowed to see
them, special-group people at their home's point by management level (no names or ids in the tile).
Versions come from grids' layer-version table, bumped by triggers (registry migration 0002)."""

from functools import partial

from django.db import connection
from psycopg import sql

from geo.tiles.layers import TileLayer, register
from geo.tiles.mvt import BUFFER, EXTENT, tile_params
from grids.versions import layer_version
from registry.privacy import may_see_special_groups

__all__ = ["LAYERS", "register_layers", "render_special_groups"]

_SPECIAL_SQL = sql.SQL("""
WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS env),
features AS (
    SELECT ST_AsMVTGeom(ST_Translate(ST_Transform(h.point, 3857), %(dx)s, %(dy)s), bounds.env, {extent}, {buffer}, true)
               AS mvt_geom,
           m.id, m.level, k.code AS kind, k.name AS kind_name, m.location_code AS code
    FROM registry_groupmembership m
    JOIN registry_groupkind k ON k.id = m.kind_id AND k.category = 'special'
    JOIN registry_person p ON p.id = m.person_id
    JOIN registry_house h ON h.id = p.house_id
    CROSS JOIN bounds
    WHERE m.until IS NULL AND m.location_code LIKE %(prefix)s || '%%'
      AND h.point && ST_Transform(bounds.env, 4326)
)
SELECT ST_AsMVT(features.*, 'special_groups', {extent}, 'mvt_geom') FROM features WHERE mvt_geom IS NOT NULL
""").format(extent=sql.Literal(EXTENT), buffer=sql.Literal(BUFFER))


def render_special_groups(z: int, x: int, y: int, prefix: str, shift=(0.0, 0.0)) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(_SPECIAL_SQL.as_string(cursor.connection), tile_params(z, x, y, prefix, shift))
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] else b""


LAYERS = [
    TileLayer(
        name="buildings",
        title="楼栋 buildings",
        table="registry_building",
        geom_column="footprint",
        code_column="location_code",
        version=partial(layer_version, "building"),
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
    TileLayer(
        name="special_groups",
        title="重点人群 special groups (by management level)",
        table="registry_groupmembership",
        geom_column="point",
        code_column="location_code",
        version=partial(layer_version, "special_group"),
        minzoom=13,
        columns={
            "id": ("id", "Number"),
            "level": ("level", "String"),
            "kind": ("kind", "String"),
            "kind_name": ("kind_name", "String"),
            "code": ("code", "String"),
        },
        render=render_special_groups,
        allowed=may_see_special_groups,
    ),
]


def register_layers():
    for layer in LAYERS:
        register(layer)
