"""Layer versions: numbers a database trigger changes on every write to a spatial layer (migrations
grids/0002, 0004). In-memory indexes and tile ETags compare them to know when data changed.
Read where the caller reads (ops.replica): a tile's version and its rows come from one database."""

from ops.replica import read_connection

__all__ = ["layer_versions", "layer_version"]


def layer_versions() -> dict[str, int]:
    with read_connection().cursor() as cursor:
        cursor.execute("SELECT layer, version FROM grids_layer_version")
        return dict(cursor.fetchall())


def layer_version(layer: str) -> int:
    with read_connection().cursor() as cursor:
        cursor.execute("SELECT version FROM grids_layer_version WHERE layer = %s", [layer])
        return cursor.fetchone()[0]
