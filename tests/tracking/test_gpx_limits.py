"""GPX cost is bounded (issue 13, item 8): nesting and point count are capped before the
per-point work that grows with them."""

import pytest

from tracking.protocols import ProtocolError
from tracking.protocols.gpx import MAX_DEPTH, parse_gpx


def test_points_nested_inside_points_are_refused():
    nested = b"<gpx>" + b'<trkpt lat="31.9" lon="119.9"><time>2026-11-25T08:00:00Z</time>' * 4000
    nested += b"</trkpt>" * 4000 + b"</gpx>"
    with pytest.raises(ProtocolError, match="nested"):
        parse_gpx(nested)


def test_a_file_at_the_depth_limit_still_reads():
    point = '<trkpt lat="31.9" lon="119.9"><time>2026-11-25T08:00:00Z</time></trkpt>'
    depth = "".join("<extensions>" for _ in range(MAX_DEPTH - 4))
    close = "".join("</extensions>" for _ in range(MAX_DEPTH - 4))
    gpx = f"<gpx><trk><trkseg>{point}</trkseg></trk>{depth}{close}</gpx>".encode()
    assert len(parse_gpx(gpx)) == 1


def test_too_many_points_are_refused():
    point = b'<trkpt lat="31.9" lon="119.9"><time>2026-11-25T08:00:%02dZ</time></trkpt>'
    gpx = b"<gpx><trk><trkseg>" + b"".join(point % (i % 60) for i in range(12)) + b"</trkseg></trk></gpx>"
    with pytest.raises(ProtocolError, match="more than 10 points"):
        parse_gpx(gpx, max_points=10)
