"""Helpers for the militia tests, independent of the code under test: points moved and measured in
metres in EPSG:4549 with pyproj."""

import shapely
from pyproj import Transformer

_TO_M = Transformer.from_crs(4326, 4549, always_xy=True)
_TO_DEG = Transformer.from_crs(4549, 4326, always_xy=True)


def offset(lon, lat, dx=0.0, dy=0.0):
    """(lon, lat) moved `dx` metres east and `dy` metres north in EPSG:4549."""
    x, y = _TO_M.transform(lon, lat)
    return _TO_DEG.transform(x + dx, y + dy)


def metres(a, b):
    return shapely.Point(_TO_M.transform(*a)).distance(shapely.Point(_TO_M.transform(*b)))


def image_bytes(fmt="JPEG", size=(80, 60), color="red") -> bytes:
    """A real image made with Pillow."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()
