"""Layer versions: numbers a database trigger changes on every write to a spatial layer (migrations
grids/0002, 0004). In-memory indexes and tile ETags compare them to know when data changed."""

from django.db import connection

__all__ = ["layer_versions", "layer_version"]


def layer_versions() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT layer, version FROM grids_layer_version")
        return dict(cursor.fetchall())


def layer_version(layer: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM grids_layer_version WHERE layer = %s", [layer])
        return cursor.fetchone()[0]
