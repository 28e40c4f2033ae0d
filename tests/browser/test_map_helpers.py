"""The map's own geometry helpers, run in the browser as the page loads them: the GCJ-02 shift
must agree with the server's (geo.crs), and polygon anchors must fall inside their polygon."""

import pytest
import shapely

from geo import crs

pytestmark = pytest.mark.browser

POINTS = [(119.985, 31.86), (119.91, 32.02), (120.05, 31.80)]


@pytest.fixture
def helpers_page(chromium, server_url):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{server_url}/login/")  # any page of ours: the modules import from its origin
    yield page
    context.close()


def test_gcj02_shift_matches_the_server_and_round_trips(helpers_page):
    shifted = helpers_page.evaluate(
        """async (points) => {
        const { datum } = await import('/static/webmap/datum.js');
        const d = datum('gcj02');
        return points.map((p) => [d.toMap(p), d.toWgs84(d.toMap(p))]);
    }""",
        POINTS,
    )

    for (lon, lat), (gcj, back) in zip(POINTS, shifted, strict=True):
        assert gcj == pytest.approx(crs.wgs84_to_gcj02(lon, lat), abs=1e-9)
        assert back == pytest.approx([lon, lat], abs=1e-8)


def test_anchor_of_a_u_shaped_polygon_lies_inside_it(helpers_page):
    # A U: its centroid falls in the gap between the arms, outside the polygon.
    u_shape = [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]]
    square = [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]

    anchors = helpers_page.evaluate(
        """async (polygons) => {
        const { anchorOf } = await import('/static/webmap/layers/polygon-labels.js');
        return polygons.map((p) => anchorOf([p]));
    }""",
        [u_shape, square],
    )

    assert shapely.Polygon(u_shape[0]).contains(shapely.Point(anchors[0]))
    assert anchors[1] == pytest.approx([1, 1])
