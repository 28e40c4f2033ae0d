"""The tile layer registry: what each layer reads, at which zooms, and how it is cut to a jurisdiction."""

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["TileLayer", "register", "get_layer", "all_layers", "MAX_ZOOM"]

MAX_ZOOM = 22


@dataclass(frozen=True)
class TileLayer:
    """One vector-tile layer.

    `table` and `columns` are SQL identifiers written by the app (never user input); `columns`
    maps output field → (SQL column, TileJSON type). `code_column` holds the hierarchical code the
    jurisdiction prefix is matched against. `version` returns a number that changes whenever the
    layer's rows change (it makes the ETag)."""

    name: str
    title: str
    table: str
    geom_column: str
    code_column: str
    columns: dict[str, tuple[str, str]]
    version: Callable[[], int]
    minzoom: int = 0
    maxzoom: int = MAX_ZOOM
    # A layer that is not one table's rows renders its own tiles: (z, x, y, prefix, shift) → bytes.
    render: Callable[[int, int, int, str, tuple[float, float]], bytes] | None = None
    # Who may read the layer at all (user → bool); None: everyone with a jurisdiction.
    allowed: Callable[[object], bool] | None = None


_layers: dict[str, TileLayer] = {}


def register(layer: TileLayer) -> TileLayer:
    _layers[layer.name] = layer
    return layer


def get_layer(name: str) -> TileLayer | None:
    return _layers.get(name)


def all_layers() -> list[TileLayer]:
    return list(_layers.values())
