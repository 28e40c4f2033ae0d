"""A tiny district built in the test database: 320411 as a square around (119.95E, 31.90N), one street
covering it and two communities splitting it at 119.95E. Coordinates are WGS84 degrees.

The root conftest loads the demo district once per session; it reuses these codes and covers the
square with grids and places, so `area_tree` deletes it inside the test's transaction (rolled back
after the test) and the tests see only what they build."""

from types import SimpleNamespace

import pytest
import shapely
from django.contrib.gis.geos import GEOSGeometry

from geo.models import AdminArea
from grids.demo.steps import delete_demo

WEST = shapely.box(119.90, 31.85, 119.95, 31.95)
EAST = shapely.box(119.95, 31.85, 120.00, 31.95)
DISTRICT = shapely.box(119.90, 31.85, 120.00, 31.95)


def _geos(polygon) -> GEOSGeometry:
    return GEOSGeometry(memoryview(shapely.to_wkb(shapely.MultiPolygon([polygon]))), srid=4326)


def _area(code, name, level, geom, parent=None) -> AdminArea:
    area = AdminArea(code=code, name=name, level=level, geom=_geos(geom), parent=parent)
    area.full_clean()
    area.save()
    return area


@pytest.fixture
def area_tree(db):
    delete_demo()
    district = _area("320411000000", "新北区", "district", DISTRICT)
    street = _area("320411001000", "三井街道", "street", DISTRICT, district)
    west = _area("320411001001", "河海社区", "community", WEST, street)
    east = _area("320411001002", "龙虎塘社区", "community", EAST, street)
    return SimpleNamespace(district=district, street=street, west=west, east=east)
