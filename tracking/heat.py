"""Patrol heat from the hourly H3 aggregates that ingest maintains (never from raw fixes)."""

from datetime import datetime, timedelta

import h3
from django.db.models import Sum

from geo.errors import BadInput
from geo.jurisdiction import Jurisdiction
from tracking import conf
from tracking.models import HeatCell

__all__ = ["heat_cells", "heat_geojson", "street_prefix", "cell_polygon", "MAX_CELLS", "MAX_SPAN"]

MAX_CELLS = 100_000
MAX_SPAN = timedelta(days=92)


def street_prefix(jurisdiction: Jurisdiction) -> str:
    """Heat is aggregated per street: a jurisdiction finer than a street sees no heat."""
    if jurisdiction.prefix is None or len(jurisdiction.prefix) > 9:
        raise BadInput("热力图仅向街道及以上辖区开放 (heat is available to street-level jurisdictions and above)")
    return jurisdiction.prefix


def heat_cells(jurisdiction: Jurisdiction, start: datetime, end: datetime, res: int, cells=None) -> dict[int, int]:
    """{H3 cell (int): good fixes} for hours in [start, end) at resolution `res`, optionally
    limited to `cells`."""
    if res not in conf.HEAT_RESOLUTIONS:
        raise BadInput(f"res 应为 {', '.join(map(str, conf.HEAT_RESOLUTIONS))}", field="res")
    if not start < end:
        raise BadInput("from 必须早于 to (from must be before to)", field="from")
    if end - start > MAX_SPAN:
        raise BadInput(f"时间跨度不能超过 {MAX_SPAN.days} 天", field="to")
    hour_start = start.replace(minute=0, second=0, microsecond=0)
    rows = HeatCell.objects.filter(
        res=res, hour__gte=hour_start, hour__lt=end, street_code__startswith=street_prefix(jurisdiction)
    )
    if cells is not None:
        rows = rows.filter(cell__in=list(cells))
    return dict(rows.values("cell").annotate(n=Sum("fixes")).values_list("cell", "n"))


def cell_polygon(cell: int) -> list[list[float]]:
    """The cell's boundary as a closed GeoJSON ring of [lon, lat]."""
    ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(h3.int_to_str(cell))]
    return ring + ring[:1]


def heat_geojson(counts: dict[int, int], bbox=None) -> dict:
    """A FeatureCollection of hexagons with `fixes`, keeping cells whose centre is inside `bbox`."""
    if len(counts) > MAX_CELLS:
        raise BadInput(f"单元过多 ({len(counts)})：请缩小范围或使用更低的 res", field="res")
    features = []
    for cell, fixes in sorted(counts.items()):
        lat, lng = h3.cell_to_latlng(h3.int_to_str(cell))
        if bbox is not None and not (bbox[0] <= lng <= bbox[2] and bbox[1] <= lat <= bbox[3]):
            continue
        features.append(
            {
                "type": "Feature",
                "id": h3.int_to_str(cell),
                "geometry": {"type": "Polygon", "coordinates": [cell_polygon(cell)]},
                "properties": {"cell": h3.int_to_str(cell), "fixes": fixes},
            }
        )
    return {"type": "FeatureCollection", "features": features}
