"""Operations on grids and places. Every point entity is located here, on write."""

import numpy as np
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import transaction

from geo.errors import BadInput
from grids.locate import Located, locate_many
from grids.models import Place

__all__ = ["apply_locations", "locate_objects", "create_place", "OutsideDistrict"]


class OutsideDistrict(BadInput):
    pass


def apply_locations(objects, located: Located):
    """Set the micro-grid/grid/community/street keys of `objects` from a located batch."""
    for i, obj in enumerate(objects):
        loc = located.at(i)
        obj.micro_grid_id = loc.micro_grid_id if loc else None
        obj.grid_id = loc.grid_id if loc else None
        obj.community_id = loc.community_id if loc else None
        obj.street_id = loc.street_id if loc else None
        obj.location_code = loc.code if loc else ""


def locate_objects(objects, point_attr="point") -> Located:
    """Locate model instances by their point attribute, in one round trip, and set their keys."""
    points = [getattr(o, point_attr) for o in objects]
    located = locate_many(np.array([p.x for p in points]), np.array([p.y for p in points]))
    apply_locations(objects, located)
    return located


def representative_point(geom: GEOSGeometry) -> GEOSGeometry:
    return geom if geom.geom_type == "Point" else geom.point_on_surface


@transaction.atomic
def create_place(*, kind: str, name: str, geom: GEOSGeometry, attributes: dict | None = None) -> Place:
    place = Place(kind=kind, name=name, geom=geom, point=representative_point(geom), attributes=attributes or {})
    located = locate_objects([place])
    if not located.found[0]:
        raise OutsideDistrict(f"位置 ({place.point.x:.6f}, {place.point.y:.6f}) 不在辖区内", field="geom")
    try:
        place.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise BadInput(f"{field}: {' '.join(messages)}", field=field) from None
    place.save()
    return place
