"""Locate points (WGS84 lon/lat) to micro-grid → grid → community → street, N at a time.

Each process keeps the area layers in memory as cell indexes (grids.cellindex) and checks, with
one small query per call, the layer versions that a database trigger changes on every write
(grids/versions.py); a changed layer is reloaded. A batch of points is then located by vectorised
arithmetic and exact tests, in one database round trip whatever its size. Points on a shared edge
go to the area with the lowest code. A point that no micro-grid covers (a layer imported without
micro-grids) falls back to its grid, then to its community.
"""

import threading
from dataclasses import dataclass

import numpy as np
import shapely

from geo.models import AdminArea
from grids.cellindex import CellIndex
from grids.models import Grid, MicroGrid
from grids.versions import layer_versions

__all__ = ["Location", "Located", "locate_many", "locate_point", "reset_indexes"]

NOT_FOUND = -1


@dataclass(frozen=True)
class Location:
    micro_grid_id: int | None
    grid_id: int | None
    community_id: int | None
    street_id: int | None
    code: str  # the finest code known: micro-grid, grid or community


@dataclass
class Located:
    """Column arrays for a batch; -1 where a level is unknown, code "" where nothing was found."""

    micro_grid_id: np.ndarray
    grid_id: np.ndarray
    community_id: np.ndarray
    street_id: np.ndarray
    code: np.ndarray  # object array of str

    def __len__(self):
        return len(self.code)

    @property
    def found(self) -> np.ndarray:
        return self.code != ""

    def at(self, i: int) -> Location | None:
        if not self.code[i]:
            return None
        ids = [
            int(a[i]) if a[i] != NOT_FOUND else None
            for a in (self.micro_grid_id, self.grid_id, self.community_id, self.street_id)
        ]
        return Location(*ids, code=self.code[i])


class _LayerIndex:
    """One layer's polygons in a cell index with, per polygon, the ids of the levels it implies."""

    def __init__(self, rows):
        rows = list(rows)
        columns = list(zip(*rows, strict=True)) if rows else [()] * 6
        self.cells = CellIndex(shapely.from_wkb([bytes(g.ewkb) for g in columns[5]]))
        self.ids = [np.array([NOT_FOUND if v is None else v for v in col], dtype=np.int64) for col in columns[:4]]
        self.codes = np.array(columns[4], dtype=object)

    def query(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """For each point, the index of the lowest-coded polygon covering it, or -1."""
        return self.cells.query(x, y)


_indexes: dict[str, tuple[int, _LayerIndex]] = {}
_lock = threading.Lock()


def _load(layer) -> _LayerIndex:
    # Rows of (micro_grid_id, grid_id, community_id, street_id, code, geom), ordered by code.
    queries = {
        "micro_grid": MicroGrid.objects.order_by("code").values_list(
            "id", "grid_id", "grid__community_id", "grid__street_id", "code", "geom"
        ),
        "grid": (
            (None, *r)
            for r in Grid.objects.order_by("code").values_list("id", "community_id", "street_id", "code", "geom")
        ),
        "admin_area": (
            (None, None, *r)
            for r in AdminArea.objects.filter(level="community")
            .order_by("code")
            .values_list("id", "parent_id", "code", "geom")
        ),
    }
    return _LayerIndex(queries[layer])


def _current_indexes() -> list[_LayerIndex]:
    versions = layer_versions()
    out = []
    for layer in ("micro_grid", "grid", "admin_area"):
        cached = _indexes.get(layer)
        if cached is None or cached[0] != versions[layer]:
            with _lock:
                cached = (versions[layer], _load(layer))
                _indexes[layer] = cached
        out.append(cached[1])
    return out


def reset_indexes():
    """Forget the in-memory layers (tests that roll back transactions call this)."""
    _indexes.clear()


def locate_many(lon, lat) -> Located:
    """Locate WGS84 points given as two equal-length sequences of degrees."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    n = len(lon)
    ids = [np.full(n, NOT_FOUND, dtype=np.int64) for _ in range(4)]
    codes = np.full(n, "", dtype=object)
    todo = np.arange(n)
    for index in _current_indexes():
        if not len(todo):
            break
        hit = index.query(lon[todo], lat[todo])
        ok = hit != NOT_FOUND
        rows, found = todo[ok], hit[ok]
        for target, source in zip(ids, index.ids, strict=True):
            target[rows] = source[found]
        codes[rows] = index.codes[found]
        todo = todo[~ok]
    return Located(*ids, code=codes)


def locate_point(lon: float, lat: float) -> Location | None:
    return locate_many([lon], [lat]).at(0)
