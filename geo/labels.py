"""One label point per administrative area, for the pages' area names.

Labels drawn from vector tiles would repeat once per tile a polygon crosses; a point on the surface
of the whole polygon gives one label per area."""

from django.contrib.gis.db.models.functions import PointOnSurface

from geo.models import AdminArea

__all__ = ["area_labels"]


def area_labels(jurisdiction, levels=("street", "community")) -> list[dict]:
    """The areas of `levels` the jurisdiction sees as {code, name, level, lon, lat} (WGS84 degrees,
    6 decimals ≈ 0.1 m), by code."""
    areas = (
        AdminArea.objects.filter(jurisdiction.q("code"), level__in=levels)
        .annotate(label_point=PointOnSurface("geom"))
        .only("code", "name", "level")
        .order_by("code")
    )
    return [
        {
            "code": a.code,
            "name": a.name,
            "level": a.level,
            "lon": round(a.label_point.x, 6),
            "lat": round(a.label_point.y, 6),
        }
        for a in areas
    ]
