"""The photo a worker takes at a visit: it must decode as a JPEG or PNG with Pillow (the name and
content type are not trusted), at most conf.VISIT_MAX_PHOTO_BYTES and VISIT_MAX_PHOTO_PIXELS."""

import io
import warnings

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from geo.errors import BadInput
from tracking import conf

__all__ = ["checked_visit_photo"]

_EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}


def checked_visit_photo(upload) -> ContentFile:
    """The upload as a file to store (named by its real format); BadInput naming `photo` if not a photo."""
    limit_mb = conf.VISIT_MAX_PHOTO_BYTES / 1024 / 1024
    if getattr(upload, "size", 0) > conf.VISIT_MAX_PHOTO_BYTES:
        raise BadInput(f"照片超过 {limit_mb:g} MB (the photo is larger than {limit_mb:g} MB)", field="photo")
    content = upload.read()
    if len(content) > conf.VISIT_MAX_PHOTO_BYTES:
        raise BadInput(f"照片超过 {limit_mb:g} MB (the photo is larger than {limit_mb:g} MB)", field="photo")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                fmt = image.format
                if image.width * image.height > conf.VISIT_MAX_PHOTO_PIXELS:
                    raise BadInput("照片像素过多 (the photo has too many pixels)", field="photo")
                image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise BadInput(
            "照片不是有效的 JPEG/PNG 图片 (the photo is not a valid JPEG or PNG image)", field="photo"
        ) from None
    if fmt not in _EXTENSIONS:
        raise BadInput(f"照片格式为 {fmt}，仅支持 JPEG/PNG (the photo must be JPEG or PNG)", field="photo")
    return ContentFile(content, name=f"visit.{_EXTENSIONS[fmt]}")
