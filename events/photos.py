"""Photos of events (reports, workflow steps, militia notices): geo.photos' check with the events'
limits (conf.MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS), refused as BadPhoto naming `photos`."""

from events import conf
from events.errors import BadPhoto
from geo.photos import CheckedPhoto, exif_gps
from geo.photos import check_photo as _check

__all__ = ["CheckedPhoto", "check_photo", "exif_gps"]


def check_photo(upload, name: str | None = None) -> CheckedPhoto:
    """Check one uploaded file (anything with .read(), and .name/.size where known)."""
    return _check(
        upload,
        field="photos",
        max_bytes=conf.MAX_PHOTO_BYTES,
        max_pixels=conf.MAX_PHOTO_PIXELS,
        name=name,
        error=BadPhoto,
    )
