"""GPX 1.0 and 1.1 files from any GPS app: track points, and route points and waypoints with a time.

Elements are matched by local name, so the GPX 1.0 and 1.1 namespaces (and files that forget
theirs) all read the same. GPX times are UTC by the standard, so a time without a zone is read
as UTC. Speed and course come from GPX 1.0's ``<speed>`` (m/s) and ``<course>``, or from a 1.1
extension element of that name (e.g. Garmin's TrackPointExtension).

Defence against XML attacks: the bytes are decoded first (BOM, then the XML declaration), and a
file with a DOCTYPE or ENTITY declaration is refused before the parser sees it, so neither
entity expansion ("billion laughs") nor external entities can happen. That needs no new
dependency; the check runs on the decoded text, so a UTF-16 or UTF-7 file cannot hide one.
"""

import codecs
import re
import xml.etree.ElementTree as ET
from datetime import timezone

from tracking.fixes import Fix

from . import ProtocolError, parse_iso_time, to_crs, to_float

__all__ = ["parse_gpx", "GpxFixes", "MAX_POINTS"]

MAX_POINTS = 200_000  # a day at one point per second is 86 400
# gpx/trk/trkseg/trkpt/extensions/gpxtpx:TrackPointExtension/gpxtpx:speed is 7 deep; a file nesting
# points inside points would make every point's child search walk all the points below it.
MAX_DEPTH = 16

_POINTS = ("trkpt", "rtept", "wpt")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_FORBIDDEN = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class GpxFixes(list):
    """The fixes, in file order, plus ``skipped``: points left out for a missing or unreadable
    time or position (a waypoint without a time is a place, not a fix, and is not counted)."""

    def __init__(self, fixes=(), skipped=0):
        super().__init__(fixes)
        self.skipped = skipped


def parse_gpx(data: bytes, crs: str = "wgs84", max_points: int = MAX_POINTS) -> GpxFixes:
    """Read a GPX file into fixes (a ``list[Fix]`` with a ``skipped`` count).

    ``crs`` is for apps that export GCJ-02 or BD-09 despite the standard saying WGS84.
    Raises :class:`ProtocolError` (field ``"file"``) for a file that is not readable GPX.
    """
    crs = to_crs(crs)
    root = _parse_safely(data)
    if _local(root.tag) != "gpx":
        raise ProtocolError(f"不是 GPX 文件 (not a GPX file: the root element is <{_local(root.tag)}>)", "file")
    fixes, skipped = GpxFixes(), 0
    points = (element for element in root.iter() if _local(element.tag) in _POINTS)
    for index, element in enumerate(points):
        kind = _local(element.tag)
        fields = _point(element)
        if fields is None:
            if kind != "wpt" or _child(element, "time") is not None:
                skipped += 1
            continue
        fixes.append(Fix(crs=crs, attributes=_attributes(element, kind), index=index, **fields))
        if len(fixes) > max_points:
            raise ProtocolError(f"点数过多 (more than {max_points} points in one file; split it)", "file")
    fixes.skipped = skipped
    return fixes


def _parse_safely(data):
    text = _decode(data)
    if _FORBIDDEN.search(text):
        raise ProtocolError(
            "拒绝含 DOCTYPE 或 ENTITY 声明的文件 (files with DOCTYPE or ENTITY declarations are refused)", "file"
        )
    parser, depth = ET.XMLPullParser(events=("start", "end")), 0
    try:
        # Parsing text (not bytes), expat reads it as UTF-8 whatever the declaration says.
        parser.feed(text)
        for event, element in parser.read_events():
            depth += 1 if event == "start" else -1
            if depth > MAX_DEPTH:
                raise ProtocolError(f"XML 嵌套过深 (elements nested deeper than {MAX_DEPTH})", "file")
            root = element
        parser.close()
    except ET.ParseError as error:
        raise ProtocolError(f"XML 格式错误 (not well-formed XML: {error})", "file") from None
    return root


def _decode(data):
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            data, declared = data[len(bom) :], encoding
            break
    else:
        match = _DECLARED.match(data[:200])
        declared = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return data.decode(declared)
    except (LookupError, UnicodeDecodeError):
        raise ProtocolError(
            f"无法按 {declared} 编码读取文件 (cannot read the file as {declared} text)", "file"
        ) from None


def _point(element):
    """Time, lon, lat and measurements of one point, or None when it has no usable time/position."""
    time_text = _text(element, "time")
    if time_text is None:
        return None
    try:
        fields = {
            "time": parse_iso_time(time_text, "time", naive_tz=timezone.utc),
            "lon": to_float(element.get("lon"), "lon"),
            "lat": to_float(element.get("lat"), "lat"),
        }
        for name, tag in (("altitude_m", "ele"), ("speed_mps", "speed"), ("heading", "course")):
            text = _text(element, tag)
            fields[name] = None if text is None else to_float(text, tag)
    except ProtocolError:
        return None
    return fields


def _attributes(element, kind):
    attributes = {"gpx": kind}
    for tag in ("name", "hdop", "sat", "fix"):
        text = _text(element, tag)
        if text is not None:
            attributes[tag] = text
    return attributes


def _text(element, tag):
    """Stripped text of the first descendant named ``tag`` (any namespace), or None if blank."""
    found = _child(element, tag)
    text = (found.text or "").strip() if found is not None else ""
    return text or None


def _child(element, tag):
    return next((e for e in element.iter() if e is not element and _local(e.tag) == tag), None)


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
