"""A tiny district built in the test database: 320411 as a square around (119.95E, 31.90N), one street
covering it and two communities splitting it at 119.95E. Coordinates are WGS84 degrees."""

from types import SimpleNamespace

import pytest
import shapely
from django.contrib.gis.geos import GEOSGeometry

from geo.models import AdminArea

WEST = shapely.box(119.90, 31.85, 119.95, 31.95)
EAST = shapely.box(119.95, 31.85, 120.00, 31.95)
DISTRICT = shapely.box(119.90, 31.85, 120.00, 31.95)


def geos(geom) -> GEOSGeometry:
    """A shapely (Multi)Polygon as a GEOS MultiPolygon in EPSG:4326."""
    multi = geom if geom.geom_type == "MultiPolygon" else shapely.MultiPolygon([geom])
    return GEOSGeometry(memoryview(shapely.to_wkb(multi)), srid=4326)


def _area(code, name, level, geom, parent=None) -> AdminArea:
    area = AdminArea(code=code, name=name, level=level, geom=geos(geom), parent=parent)
    area.full_clean()
    area.save()
    return area


@pytest.fixture
def area_tree(db):
    district = _area("320411000000", "新北区", "district", DISTRICT)
    street = _area("320411001000", "三井街道", "street", DISTRICT, district)
    west = _area("320411001001", "河海社区", "community", WEST, street)
    east = _area("320411001002", "龙虎塘社区", "community", EAST, street)
    return SimpleNamespace(district=district, street=street, west=west, east=east)
