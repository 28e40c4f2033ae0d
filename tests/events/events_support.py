"""Helpers for the events tests, independent of the code under test: images made with Pillow (with
EXIF GPS when asked), and points moved by metres in EPSG:4549 with pyproj."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from pyproj import Transformer

_TO_M = Transformer.from_crs(4326, 4549, always_xy=True)
_TO_DEG = Transformer.from_crs(4549, 4326, always_xy=True)


def offset(lon, lat, dx=0.0, dy=0.0):
    """(lon, lat) moved `dx` metres east and `dy` metres north in EPSG:4549."""
    x, y = _TO_M.transform(lon, lat)
    return _TO_DEG.transform(x + dx, y + dy)


def _dms(value):
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60, 4)
    return (float(d), float(m), s)


def image_bytes(fmt="JPEG", size=(80, 60), gps=None, color="red") -> bytes:
    """A real image; `gps` = (lon, lat) in degrees writes an EXIF GPS block."""
    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    kwargs = {}
    if gps:
        exif = Image.Exif()
        lon, lat = gps
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N" if lat >= 0 else "S",
            ExifTags.GPS.GPSLatitude: _dms(abs(lat)),
            ExifTags.GPS.GPSLongitudeRef: "E" if lon >= 0 else "W",
            ExifTags.GPS.GPSLongitude: _dms(abs(lon)),
        }
        exif[ExifTags.Base.DateTime] = "2026:03:01 09:30:00"
        kwargs["exif"] = exif.tobytes()
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)
