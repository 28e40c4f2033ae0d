"""Is an upload a photo? One check for every app that keeps photos (event reports and steps, militia
notices, visits): the content must decode as a JPEG or PNG with Pillow (the file name and content
type are not trusted), within a byte and a pixel limit the caller gives. EXIF GPS and time are read
as hints (WGS84 degrees, as cameras and phones write them); they never set a location. Errors name
the caller's field and the file."""

import io
import warnings
from dataclasses import dataclass
from datetime import datetime

from PIL import ExifTags, Image, UnidentifiedImageError

from geo.api.validation import check_recent
from geo.errors import BadInput

__all__ = ["FORMATS", "CheckedPhoto", "check_photo", "exif_gps"]

FORMATS = {"JPEG": "jpg", "PNG": "png"}  # Pillow format → stored extension


@dataclass(frozen=True)
class CheckedPhoto:
    name: str
    content: bytes
    format: str  # "JPEG" or "PNG"
    width: int
    height: int
    exif_lonlat: tuple[float, float] | None
    taken_at: datetime | None

    @property
    def extension(self) -> str:
        return FORMATS[self.format]


def _read(upload) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read()


def check_photo(
    upload, *, field: str, max_bytes: int, max_pixels: int, name: str | None = None, error=BadInput
) -> CheckedPhoto:
    """Check one uploaded file (anything with .read(), and .name/.size where known); `error` (a
    BadInput) naming `field` and the file when it is not a photo within the limits."""
    name = name or getattr(upload, "name", None) or "photo"
    size = getattr(upload, "size", None)
    limit_mb = max_bytes / 1024 / 1024
    too_big = f"照片“{name}”超过 {limit_mb:g} MB ({name}: larger than {limit_mb:g} MB)"
    if size is not None and size > max_bytes:
        raise error(too_big, field=field)
    content = _read(upload)
    if len(content) > max_bytes:
        raise error(too_big, field=field)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                fmt = probe.format
                if probe.width * probe.height > max_pixels:
                    raise error(
                        f"照片“{name}”超过 {max_pixels // 1_000_000} 百万像素 "
                        f"({name}: more than {max_pixels // 1_000_000} megapixels)",
                        field=field,
                    )
                probe.verify()
            with Image.open(io.BytesIO(content)) as image:  # verify() leaves the image unusable
                image.load()
                width, height = image.size
                lonlat, taken_at = exif_gps(image)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise error(
            f"文件“{name}”不是有效的 JPEG/PNG 图片 ({name}: not a valid JPEG or PNG image)", field=field
        ) from None
    if fmt not in FORMATS:
        raise error(f"文件“{name}”格式为 {fmt}，仅支持 JPEG/PNG ({name}: {fmt} is not JPEG or PNG)", field=field)
    return CheckedPhoto(name, content, fmt, width, height, lonlat, taken_at)


def _degrees(dms, ref) -> float | None:
    try:
        d, m, s = (float(v) for v in dms)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = d + m / 60 + s / 3600
    return -value if ref in ("S", "W", b"S", b"W") else value


def exif_gps(image: Image.Image) -> tuple[tuple[float, float] | None, datetime | None]:
    """((lon, lat) in WGS84 degrees or None, the time the photo was taken or None) from EXIF."""
    exif = image.getexif()
    if not exif:
        return None, None
    taken_at = None
    raw_time = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    if isinstance(raw_time, str):
        try:
            taken_at = datetime.strptime(raw_time.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
            check_recent(taken_at, "taken_at")
        except (ValueError, BadInput):  # a camera whose clock was never set says 1980 or 2000
            taken_at = None
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if not gps or ExifTags.GPS.GPSLatitude not in gps or ExifTags.GPS.GPSLongitude not in gps:
        return None, taken_at
    lat = _degrees(gps[ExifTags.GPS.GPSLatitude], gps.get(ExifTags.GPS.GPSLatitudeRef, "N"))
    lon = _degrees(gps[ExifTags.GPS.GPSLongitude], gps.get(ExifTags.GPS.GPSLongitudeRef, "E"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None, taken_at
    return (lon, lat), taken_at
