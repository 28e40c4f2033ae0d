"""Grid-adjustment geometry: pure functions, shapely (Multi)Polygons in WGS84 degrees in and out.

No ORM here: the services (grids/adjust/plan.py) read rows, call these, and write the results.
Areas that decide gaps and overlaps are planar areas in degrees² converted with the local scale at
32°N (`M2_PER_DEG2`), the same measure and tolerance as the demo tiling test
(tests/geo/test_partition.py): projecting first would count the curvature of shared straight edges
as area. Every refusal is a `GeometryRefused` naming the code at fault and the geometry to show.
"""

import math

import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.ops import split as split_by

from geo.errors import BadInput
from geo.partition import as_multipolygon

__all__ = [
    "GeometryRefused",
    "as_multipolygon",
    "M2_PER_DEG2",
    "TILING_TOLERANCE_M2",
    "SNAP_DEG",
    "adjacent",
    "shared_length",
    "components",
    "union",
    "split_by_line",
    "reshape",
    "assign_to_neighbours",
    "tiling_error_m2",
    "planar_m2",
]

M2_PER_DEG2 = 111_320 * 111_320 * math.cos(math.radians(32))
TILING_TOLERANCE_M2 = 1.0
# Edges closer than this (≈1 cm) count as shared: imported layers have near-coincident edges.
SNAP_DEG = 1e-7
# A shared boundary shorter than this (≈1 m) is a touching corner, not adjacency.
MIN_SHARED_DEG = 1e-5


class GeometryRefused(BadInput):
    """A refused operation: `code` is the grid/micro-grid at fault, `highlight` the shape to show."""

    def __init__(self, message, *, field: str, code: str | None = None, highlight=None):
        item = {"field": field, "message": str(message)}
        if code:
            item["code"] = code
        if highlight is not None and not highlight.is_empty:
            item["geometry"] = shapely.geometry.mapping(highlight)
        super().__init__(message, field=field, errors=[item])
        self.code = code
        self.highlight = highlight


def planar_m2(geom) -> float:
    """Planar area of `geom` in m² by the local scale at 32°N (for gaps and slivers only)."""
    return geom.area * M2_PER_DEG2


def shared_length(a, b) -> float:
    """Length in degrees of the boundary `a` and `b` share, edges within SNAP_DEG counting as shared."""
    near = shapely.intersection(a.boundary, b.buffer(SNAP_DEG, quad_segs=2))
    return near.length


def adjacent(a, b) -> bool:
    """True when `a` and `b` share a stretch of boundary (not just a corner)."""
    return shared_length(a, b) > MIN_SHARED_DEG


def components(geoms: dict) -> list[list]:
    """Keys of `geoms` grouped into sets that are connected through shared boundaries."""
    keys = list(geoms)
    seen, groups = set(), []
    for start in keys:
        if start in seen:
            continue
        group, todo = [], [start]
        seen.add(start)
        while todo:
            key = todo.pop()
            group.append(key)
            for other in keys:
                if other not in seen and adjacent(geoms[key], geoms[other]):
                    seen.add(other)
                    todo.append(other)
        groups.append(sorted(group))
    return groups


def _drop_slivers(geom) -> MultiPolygon:
    """Polygons and holes smaller than the tiling tolerance left by near-coincident edges, removed."""
    parts = []
    for poly in as_multipolygon(geom).geoms:
        holes = [h for h in poly.interiors if planar_m2(Polygon(h)) >= TILING_TOLERANCE_M2]
        kept = Polygon(poly.exterior, holes)
        if planar_m2(kept) >= TILING_TOLERANCE_M2:
            parts.append(kept)
    return MultiPolygon(parts)


def union(geoms) -> MultiPolygon:
    """The union of polygons as one MultiPolygon, slivers between near-coincident edges closed:
    each polygon's vertices are snapped onto the union so far (within SNAP_DEG) before joining it."""
    merged = None
    for geom in geoms:
        geom = as_multipolygon(geom)
        merged = (
            geom if merged is None else shapely.union(merged, as_multipolygon(shapely.snap(geom, merged, SNAP_DEG)))
        )
    return _drop_slivers(merged if merged is not None else MultiPolygon())


def split_by_line(geom, line: LineString, code: str = "") -> tuple[MultiPolygon, MultiPolygon]:
    """Split `geom` along `line` into (larger part, smaller part) by area.

    The line must cut exactly one polygon of `geom` into exactly two pieces: a line that does not
    cross is refused, and so is one crossing the grid more than once (three or more pieces), since
    which pieces belong together would be a guess. Other polygons of a multipolygon grid, which the
    line does not touch, stay with the larger part."""
    geom = as_multipolygon(geom)
    cut, untouched = [], []
    for poly in geom.geoms:
        pieces = list(split_by(poly, line).geoms) if line.intersects(poly) else [poly]
        (cut if len(pieces) > 1 else untouched).append(pieces)
    if not cut:
        raise GeometryRefused(
            f"分割线未穿过网格 {code} (the line does not cross {code})", field="line", code=code, highlight=line
        )
    if len(cut) > 1 or len(cut[0]) > 2:
        pieces = [p for group in cut for p in group]
        raise GeometryRefused(
            f"分割线多次穿过网格 {code}，会分成 {len(pieces)} 块；请画一条只穿过一次的线 "
            f"(the line crosses {code} more than once, making {len(pieces)} parts)",
            field="line",
            code=code,
            highlight=MultiPolygon(pieces),
        )
    first, second = sorted(cut[0], key=lambda p: p.area, reverse=True)
    larger = MultiPolygon([first, *(p for group in untouched for p in group)])
    return larger, MultiPolygon([second])


def _snapped_line(line: LineString, shared) -> LineString:
    """`line` with its ends moved onto `shared` and pushed a hair past it, so noding closes faces."""
    coords = list(line.coords)
    start = shared.interpolate(shared.project(shapely.Point(coords[0])))
    end = shared.interpolate(shared.project(shapely.Point(coords[-1])))
    inner = coords[1:-1] or []
    path = [start.coords[0], *inner, end.coords[0]]

    def beyond(p, q):  # p moved away from q by 10·SNAP_DEG
        dx, dy = p[0] - q[0], p[1] - q[1]
        n = math.hypot(dx, dy) or 1.0
        return (p[0] + dx / n * 10 * SNAP_DEG, p[1] + dy / n * 10 * SNAP_DEG)

    path[0] = beyond(path[0], path[1])
    path[-1] = beyond(path[-1], path[-2])
    return LineString(path)


def reshape(a, b, line: LineString, codes=("", "")) -> tuple[MultiPolygon, MultiPolygon, MultiPolygon]:
    """Move the shared boundary of neighbours `a` and `b` onto `line`: (new a, new b, area moved).

    The line starts and ends on the shared boundary (ends within 10 m of it are moved onto it); the
    faces it closes with the old boundary change hands. `b` is computed as the pair's union minus the
    new `a`, so the two never gap or overlap."""
    a, b = as_multipolygon(a), as_multipolygon(b)
    shared = shapely.line_merge(shapely.intersection(a.boundary, b.buffer(SNAP_DEG, quad_segs=2)))
    if shared.length <= MIN_SHARED_DEG:
        raise GeometryRefused(
            f"{codes[0]} 与 {codes[1]} 不相邻 ({codes[0]} and {codes[1]} are not neighbours)",
            field="b",
            code=codes[1],
            highlight=b,
        )
    ends = [shapely.Point(line.coords[0]), shapely.Point(line.coords[-1])]
    if any(shared.distance(p) > 1e-4 for p in ends):
        raise GeometryRefused(
            "新边界线的两端应落在两者的共同边界上 (the line must start and end on the shared boundary)",
            field="line",
            code=codes[0],
            highlight=shared,
        )
    drawn = _snapped_line(line, shared)
    faces = shapely.polygonize([shapely.union_all([shared, drawn])])
    to_b = [f for f in faces.geoms if planar_m2(f.intersection(a)) > planar_m2(f) / 2]
    to_a = [f for f in faces.geoms if planar_m2(f.intersection(b)) > planar_m2(f) / 2]
    if not to_a and not to_b:
        raise GeometryRefused(
            "新边界线未改变边界 (the line does not change the boundary)", field="line", code=codes[0], highlight=line
        )
    pair = union([a, b])
    new_a = union([a.difference(union(to_b)) if to_b else a, *to_a])
    new_b = _drop_slivers(pair.difference(new_a))
    if new_a.is_empty or new_b.is_empty:
        gone = codes[0] if new_a.is_empty else codes[1]
        raise GeometryRefused(
            f"调整后 {gone} 将消失，请用撤销网格 (reshape would leave {gone} empty; retire it instead)",
            field="line",
            code=gone,
            highlight=line,
        )
    return new_a, new_b, union([*to_a, *to_b])


def assign_to_neighbours(pieces: dict, targets: dict) -> dict:
    """For each piece, the target it shares the longest boundary with; pieces that touch no target
    go, once their neighbours are assigned, with the neighbour piece they share most boundary with.
    Raises GeometryRefused naming a piece that touches none of them."""
    owner = {}
    todo = dict(pieces)
    while todo:
        progress = False
        for key, geom in sorted(todo.items()):
            best = max(
                ((shared_length(geom, g), t) for t, g in targets.items()),
                default=(0.0, None),
            )
            near = max(
                ((shared_length(geom, pieces[k]), owner[k]) for k in owner),
                default=(0.0, None),
            )
            length, target = max(best, near, key=lambda x: x[0])
            if length > MIN_SHARED_DEG:
                owner[key] = target
                progress = True
        todo = {k: v for k, v in todo.items() if k not in owner}
        if not progress:
            key = min(todo)
            raise GeometryRefused(
                f"{key} 与指定的相邻网格都不相接 ({key} touches none of the given neighbours)",
                field="to",
                code=key,
                highlight=todo[key],
            )
    return owner


def tiling_error_m2(parent, children) -> tuple[float, float]:
    """(gap or excess, overlap) in m² between `parent` and the union of `children`."""
    children = [as_multipolygon(c) for c in children]
    whole = shapely.union_all(children)
    gap = planar_m2(shapely.symmetric_difference(as_multipolygon(parent), whole))
    overlap = max(0.0, sum(c.area for c in children) - whole.area) * M2_PER_DEG2
    return gap, overlap
