"""Photo checks for event intake: the content must decode as a JPEG or PNG with Pillow (the file
name and content type are not trusted), at most conf.MAX_PHOTO_BYTES. EXIF GPS is read as a hint
(WGS84 degrees, as cameras and phones write it); it never sets the event's location."""

import io
import warnings
from dataclasses import dataclass
from datetime import datetime

from PIL import ExifTags, Image, UnidentifiedImageError

from events import conf
from events.errors import BadPhoto
from geo.api.validation import check_recent
from geo.errors import BadInput

__all__ = ["CheckedPhoto", "check_photo", "exif_gps"]


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
        return conf.PHOTO_FORMATS[self.format]


def _read(upload) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read()


def check_photo(upload, name: str | None = None) -> CheckedPhoto:
    """Check one uploaded file (anything with .read(), and .name/.size where known)."""
    name = name or getattr(upload, "name", None) or "photo"
    size = getattr(upload, "size", None)
    limit_mb = conf.MAX_PHOTO_BYTES / 1024 / 1024
    if size is not None and size > conf.MAX_PHOTO_BYTES:
        raise BadPhoto(f"照片“{name}”超过 {limit_mb:g} MB ({name}: larger than {limit_mb:g} MB)", field="photos")
    content = _read(upload)
    if len(content) > conf.MAX_PHOTO_BYTES:
        raise BadPhoto(f"照片“{name}”超过 {limit_mb:g} MB ({name}: larger than {limit_mb:g} MB)", field="photos")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                fmt = probe.format
                if probe.width * probe.height > conf.MAX_PHOTO_PIXELS:
                    raise BadPhoto(
                        f"照片“{name}”超过 {conf.MAX_PHOTO_PIXELS // 1_000_000} 百万像素 "
                        f"({name}: more than {conf.MAX_PHOTO_PIXELS // 1_000_000} megapixels)",
                        field="photos",
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
        raise BadPhoto(
            f"文件“{name}”不是有效的 JPEG/PNG 图片 ({name}: not a valid JPEG or PNG image)", field="photos"
        ) from None
    if fmt not in conf.PHOTO_FORMATS:
        raise BadPhoto(f"文件“{name}”格式为 {fmt}，仅支持 JPEG/PNG ({name}: {fmt} is not JPEG or PNG)", field="photos")
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
