"""Helpers for the analysts' tests: points inside a street, a JPEG for events that need a photo,
and hand-written PostGIS SQL (the reference answers the queries are checked against)."""

import io

from django.db import connection
from PIL import Image

from grids.models import Grid

STREET_1, STREET_2 = "320411001", "320411002"


def jpeg() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "photo.jpg"
    return buffer


def sql(query: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params or [])
        return cursor.fetchall()


def point_in_street(street: str, nth: int = 0):
    grid = Grid.objects.filter(code__startswith=street).order_by("code")[nth]
    return grid.micro_grids.order_by("code").first().geom.point_on_surface
