import pytest
from django.contrib.gis.geos import Point, Polygon

from grids.models import MicroGrid, PlaceKind
from grids.services import OutsideDistrict, create_place

pytestmark = pytest.mark.django_db


def test_a_place_is_located_on_write():
    micro = MicroGrid.objects.select_related("grid").order_by("-code").first()
    point = micro.geom.point_on_surface

    place = create_place(kind=PlaceKind.SHELTER, name="测试避难点", geom=point)

    place.refresh_from_db()
    assert place.micro_grid_id == micro.id
    assert place.grid_id == micro.grid_id
    assert place.community_id == micro.grid.community_id
    assert place.street_id == micro.grid.street_id
    assert place.location_code == micro.code


def test_a_polygon_place_is_located_by_a_point_on_its_surface():
    micro = MicroGrid.objects.order_by("code")[10]
    c = micro.geom.point_on_surface
    square = Polygon.from_bbox(
        (c.x - 1e-5, c.y - 1e-5, c.x + 1e-5, c.y + 1e-5),
    )
    square.srid = 4326

    place = create_place(kind=PlaceKind.KEY_PLACE, name="测试场所", geom=square)

    assert place.geom.geom_type == "Polygon"
    assert place.geom.covers(place.point)
    assert place.micro_grid_id == micro.id


def test_a_place_outside_the_district_is_refused():
    with pytest.raises(OutsideDistrict, match="不在辖区"):
        create_place(kind=PlaceKind.FACILITY, name="上海", geom=Point(121.47, 31.23, srid=4326))
