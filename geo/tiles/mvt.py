"""The raw SQL that builds a tile with ST_AsMVT (PostGIS has no Django expression for it).
Identifiers come from registered layers and are quoted with psycopg.sql; values are parameters."""

from psycopg import sql

from geo.tiles.layers import TileLayer
from ops.replica import read_connection

__all__ = ["tile_sql", "tile_params", "render_tile", "EXTENT", "BUFFER"]

EXTENT = 4096
BUFFER = 64
# Half a tile pixel at z0 in EPSG:3857 metres: geometry finer than a pixel is dropped before encoding.
_HALF_PIXEL_Z0 = 40075016.68557849 / EXTENT / 2


def tile_sql(layer: TileLayer) -> sql.Composed:
    """SQL taking %(z)s, %(x)s, %(y)s and %(prefix)s (a code prefix; '' for everything)."""
    t = sql.Identifier("t")
    fields = sql.SQL(", ").join(
        sql.SQL("{}.{} AS {}").format(t, sql.Identifier(col), sql.Identifier(out))
        for out, (col, _) in layer.columns.items()
    )
    geom = sql.SQL("{}.{}").format(t, sql.Identifier(layer.geom_column))
    return sql.SQL("""
        WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS env),
        features AS (
            SELECT ST_AsMVTGeom(
                       ST_Translate(ST_SimplifyPreserveTopology(ST_Transform({geom}, 3857), %(tolerance)s),
                                    %(dx)s, %(dy)s),
                       bounds.env, {extent}, {buffer}, true) AS mvt_geom,
                   {fields}
            FROM {table} AS t, bounds
            WHERE {geom} && ST_Transform(bounds.env, 4326)
              AND {code} LIKE %(prefix)s || '%%'
        )
        SELECT ST_AsMVT(features.*, {name}, {extent}, 'mvt_geom') FROM features WHERE mvt_geom IS NOT NULL
    """).format(
        geom=geom,
        fields=fields,
        table=sql.Identifier(layer.table),
        code=sql.SQL("{}.{}").format(t, sql.Identifier(layer.code_column)),
        name=sql.Literal(layer.name),
        extent=sql.Literal(EXTENT),
        buffer=sql.Literal(BUFFER),
    )


def tile_params(z: int, x: int, y: int, prefix: str, shift: tuple[float, float] = (0.0, 0.0)) -> dict:
    return {
        "z": z,
        "x": x,
        "y": y,
        "prefix": prefix,
        "tolerance": _HALF_PIXEL_Z0 / (2**z),
        "dx": shift[0],
        "dy": shift[1],
    }


def render_tile(layer: TileLayer, z: int, x: int, y: int, prefix: str, shift=(0.0, 0.0)) -> bytes:
    """The tile's bytes (b"" when it holds no feature). `shift` translates every feature by
    (dx, dy) EPSG:3857 metres, to draw over a base map in another datum (see geo.tiles.shift)."""
    with read_connection().cursor() as cursor:
        cursor.execute(tile_sql(layer).as_string(cursor.connection), tile_params(z, x, y, prefix, shift))
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] else b""
