"""The state an adjustment reads and writes: the grids it touches and all their micro-grids, as plain
rows with shapely shapes (WGS84), loaded by code and stored in the Adjustment as JSON."""

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace

import shapely
from django.db.models import Q

from geo.errors import BadInput, NotFound
from grids.adjust.models import AreaVersion, CodeChange
from grids.models import Grid, MicroGrid

__all__ = ["GridRow", "MicroRow", "State", "load_state", "CodeAllocator"]


@dataclass(frozen=True)
class GridRow:
    code: str
    name: str
    kind: str
    community: str  # 12-digit community code
    street: str  # 12-digit street code
    geom: object  # shapely MultiPolygon

    def but(self, **changes) -> "GridRow":
        return replace(self, **changes)


@dataclass(frozen=True)
class MicroRow:
    code: str
    name: str
    grid: str
    geom: object

    def but(self, **changes) -> "MicroRow":
        return replace(self, **changes)


def _row_json(row) -> dict:
    out = asdict(row)
    out["geom"] = shapely.to_wkb(row.geom, hex=True)
    return out


def _row_from(cls, data: dict):
    return cls(**{**data, "geom": shapely.from_wkb(data["geom"])})


@dataclass
class State:
    grids: dict[str, GridRow] = field(default_factory=dict)
    micro_grids: dict[str, MicroRow] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "grids": {c: _row_json(r) for c, r in sorted(self.grids.items())},
            "micro_grids": {c: _row_json(r) for c, r in sorted(self.micro_grids.items())},
        }

    @classmethod
    def from_json(cls, data: dict) -> "State":
        return cls(
            {c: _row_from(GridRow, r) for c, r in data["grids"].items()},
            {c: _row_from(MicroRow, r) for c, r in data["micro_grids"].items()},
        )

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(self.to_json(), sort_keys=True).encode()).hexdigest()

    def micro_of(self, grid_code: str) -> dict[str, MicroRow]:
        return {c: m for c, m in self.micro_grids.items() if m.grid == grid_code}

    def copy(self) -> "State":
        return State(dict(self.grids), dict(self.micro_grids))


def _shape(geos) -> object:
    return shapely.from_wkb(bytes(geos.wkb))


def load_state(grid_codes, *, lock: bool = False, missing_ok: bool = False) -> State:
    """The grids `grid_codes` and all their micro-grids; NotFound naming the first unknown code."""
    codes = sorted(set(grid_codes))
    grids = Grid.objects.filter(code__in=codes).select_related("community", "street").order_by("code")
    micros = MicroGrid.objects.filter(grid__code__in=codes).select_related("grid").order_by("code")
    if lock:
        grids, micros = grids.select_for_update(of=("self",)), micros.select_for_update(of=("self",))
    state = State()
    for g in grids:
        state.grids[g.code] = GridRow(g.code, g.name, g.kind, g.community.code, g.street.code, _shape(g.geom))
    for m in micros:
        state.micro_grids[m.code] = MicroRow(m.code, m.name, m.grid.code, _shape(m.geom))
    missing = [c for c in codes if c not in state.grids]
    if missing and not missing_ok:
        raise NotFound(f"找不到网格 {missing[0]} (no grid {missing[0]})", field="grids")
    return state


class CodeAllocator:
    """Next free codes: three digits after a parent code, past every code the parent ever had
    (current rows, history, code map), so a code is never reused."""

    def __init__(self):
        self._taken: dict[str, set[str]] = {}

    def _used(self, parent: str, width: int) -> set[str]:
        if parent not in self._taken:
            like = Q(code__startswith=parent)
            used = set(Grid.objects.filter(like).values_list("code", flat=True))
            used |= set(MicroGrid.objects.filter(like).values_list("code", flat=True))
            used |= set(AreaVersion.objects.filter(like).values_list("code", flat=True))
            used |= set(CodeChange.objects.filter(new_code__startswith=parent).values_list("new_code", flat=True))
            self._taken[parent] = used
        return {c for c in self._taken[parent] if len(c) == width}

    def next(self, parent: str) -> str:
        width = len(parent) + 3
        used = self._used(parent, width)
        last = max((int(c[len(parent) :]) for c in used), default=0)
        if last >= 999:
            raise BadInput(f"{parent} 下已无可用编码 (no free code under {parent})", field="code")
        code = f"{parent}{last + 1:03d}"
        self._taken[parent].add(code)
        return code
