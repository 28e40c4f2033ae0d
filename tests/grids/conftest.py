"""A tiny district built in the test database: 320411 as a square around (119.95E, 31.90N), one street
covering it and two communities splitting it at 119.95E. Coordinates are WGS84 degrees.

The root conftest loads the demo district once per session; it reuses these codes and covers the
square with grids and places, so it is deleted once per test module, inside a transaction rolled back
after the module (every test's own transaction nests in it as a savepoint), and the tests see only
what they build."""

from types import SimpleNamespace

import pytest
import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction

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


@pytest.fixture(scope="module")
def _without_demo(django_db_setup, django_db_blocker):
    """The demo district deleted for the module (≈8 s once, instead of once per test)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            delete_demo()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def area_tree(_without_demo, db):
    district = _area("320411000000", "新北区", "district", DISTRICT)
    street = _area("320411001000", "三井街道", "street", DISTRICT, district)
    west = _area("320411001001", "河海社区", "community", WEST, street)
    east = _area("320411001002", "龙虎塘社区", "community", EAST, street)
    return SimpleNamespace(district=district, street=street, west=west, east=east)
