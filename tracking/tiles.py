"""The `heat` vector-tile layer: hexagons of good fixes over the last HEAT_TILE_HOURS, from the
hourly H3 aggregates. Each tile asks only for the cells that can touch it, at a resolution
matched to the zoom, and PostGIS encodes the hexagons built here."""

import time
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import h3
import shapely
from django.conf import settings

from geo.errors import BadInput
from geo.jurisdiction import Jurisdiction
from geo.tiles.coords import tile_bounds
from geo.tiles.layers import TileLayer, register
from geo.tiles.mvt import BUFFER, EXTENT
from ops.replica import read_connection
from tracking.heat import cell_polygon, heat_cells

__all__ = ["resolution_for_zoom", "render_heat", "register_layers"]

# Up to zoom → H3 resolution: a tile holds some hundreds of hexagons at most.
_ZOOM_RES = ((10, 7), (12, 8), (13, 9), (99, 10))

_MVT = """
SELECT ST_AsMVT(q, 'heat', %(extent)s, 'geom') FROM (
    SELECT ST_AsMVTGeom(ST_Translate(ST_Transform(ST_GeomFromWKB(t.g, 4326), 3857), %(dx)s, %(dy)s),
                        ST_TileEnvelope(%(z)s, %(x)s, %(y)s), %(extent)s, %(buffer)s, true) AS geom,
           t.n AS fixes, t.cell AS cell
    FROM unnest(%(geoms)s::bytea[], %(counts)s::int[], %(cells)s::text[]) AS t(g, n, cell)
) q WHERE q.geom IS NOT NULL
"""


def resolution_for_zoom(z: int) -> int:
    return next(res for up_to, res in _ZOOM_RES if z <= up_to)


def _candidate_cells(z, x, y, res) -> set[int]:
    west, south, east, north = tile_bounds(z, x, y)
    # Grow by about one cell so hexagons whose centre lies just outside still reach the tile.
    pad = h3.average_hexagon_edge_length(res, unit="km") * 2 / 111
    shape = h3.LatLngPoly(
        [(south - pad, west - pad), (south - pad, east + pad), (north + pad, east + pad), (north + pad, west - pad)]
    )
    return {h3.str_to_int(c) for c in h3.h3shape_to_cells(shape, res)}


def render_heat(z, x, y, prefix, shift=(0.0, 0.0)) -> bytes:
    res = resolution_for_zoom(z)
    end = datetime.now(dt_timezone.utc)
    start = end - timedelta(hours=settings.HEAT_TILE_HOURS)
    try:
        counts = heat_cells(Jurisdiction(prefix), start, end, res, cells=_candidate_cells(z, x, y, res))
    except BadInput:
        return b""
    if not counts:
        return b""
    cells = list(counts)
    geoms = [shapely.to_wkb(shapely.Polygon(cell_polygon(c))) for c in cells]
    with read_connection().cursor() as cursor:
        cursor.execute(
            _MVT,
            {
                "z": z,
                "x": x,
                "y": y,
                "extent": EXTENT,
                "buffer": BUFFER,
                "dx": shift[0],
                "dy": shift[1],
                "geoms": geoms,
                "counts": [counts[c] for c in cells],
                "cells": [h3.int_to_str(c) for c in cells],
            },
        )
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] else b""


def _minute() -> int:
    """Heat changes with every batch; tiles are revalidated once a minute."""
    return int(time.time() // 60)


def register_layers():
    register(
        TileLayer(
            name="heat",
            title="巡查热力 patrol heat (H3, last hours)",
            table="",
            geom_column="",
            code_column="",
            columns={"fixes": ("fixes", "Number"), "cell": ("cell", "String")},
            version=_minute,
            minzoom=8,
            maxzoom=18,
            render=render_heat,
        )
    )
