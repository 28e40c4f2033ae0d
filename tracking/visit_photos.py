"""The photo a worker takes at a visit: geo.photos' check with the visit limits
(conf.VISIT_MAX_PHOTO_BYTES, VISIT_MAX_PHOTO_PIXELS), refused naming `photo`."""

from django.core.files.base import ContentFile

from geo.photos import check_photo
from tracking import conf

__all__ = ["checked_visit_photo"]


def checked_visit_photo(upload) -> ContentFile:
    """The upload as a file to store (named by its real format); BadInput naming `photo` if not a photo."""
    photo = check_photo(
        upload, field="photo", max_bytes=conf.VISIT_MAX_PHOTO_BYTES, max_pixels=conf.VISIT_MAX_PHOTO_PIXELS
    )
    return ContentFile(photo.content, name=f"visit.{photo.extension}")
