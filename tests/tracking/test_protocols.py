"""The intake parsers (tracking.protocols): real request shapes in, Fix objects out. No database.

Request shapes follow what the clients send: Traccar Client's OsmAnd query/form and its JSON
body (traccar.org/osmand), OwnTracks' HTTP mode (owntracks.org/booklet), GPSLogger's GPX 1.1
and GPSBabel's GPX 1.0 exports (canned under tests/data/tracking/).
"""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo

import pytest

from geo.errors import BadInput
from tracking.fixes import Fix, Rejected
from tracking.protocols import ProtocolError
from tracking.protocols.batch import parse_batch
from tracking.protocols.gpx import parse_gpx
from tracking.protocols.osmand import parse_osmand
from tracking.protocols.owntracks import parse_owntracks

DATA = Path(__file__).resolve().parent.parent / "data" / "tracking"
SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = timezone.utc
T0 = datetime(2024, 11, 25, 8, 0, tzinfo=UTC)  # 1732521600, 16:00 in Changzhou
KNOT = 0.514444
TRACCAR_QUERY = (
    "id=dev-7f3a&timestamp=1732521600&lat=31.9&lon=119.95&speed=10&bearing=90&altitude=5&accuracy=12&batt=80"
)


def osmand(query="", form="", body=b"", content_type=""):
    """Call parse_osmand as the view does: query and form already decoded to dicts."""
    return parse_osmand(
        dict(parse_qsl(query, keep_blank_values=True)),
        dict(parse_qsl(form, keep_blank_values=True)),
        body,
        content_type,
        SHANGHAI,
    )


def osmand_error(query, **kwargs) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        osmand(query, **kwargs)
    return caught.value


# --- OsmAnd: query and form -------------------------------------------------------------------


def test_traccar_client_query_gives_one_fix_in_si_units():
    device, fixes = osmand(TRACCAR_QUERY)

    assert device == "dev-7f3a"
    [fix] = fixes
    assert fix.time == T0
    assert (fix.lon, fix.lat, fix.crs) == (119.95, 31.9, "wgs84")
    assert fix.speed_mps == pytest.approx(10 * KNOT, rel=1e-5)
    assert fix.heading == 90
    assert fix.altitude_m == 5
    assert fix.accuracy_m == 12
    assert fix.battery == pytest.approx(0.8)
    assert fix.charging is None
    assert fix.attributes == {}


def test_form_body_is_read_when_the_query_is_empty():
    device, [fix] = osmand(
        "", form=TRACCAR_QUERY, body=TRACCAR_QUERY.encode(), content_type="application/x-www-form-urlencoded"
    )

    assert device == "dev-7f3a"
    assert (fix.time, fix.lon, fix.lat) == (T0, 119.95, 31.9)


def test_raw_body_is_read_as_a_form_for_methods_django_does_not_parse():
    device, [fix] = osmand("", body=TRACCAR_QUERY.encode())

    assert device == "dev-7f3a"
    assert fix.heading == 90


def test_query_wins_over_the_body_like_traccar():
    device, [fix] = osmand("id=from-query&lat=31.9&lon=119.95", form="id=from-form&lat=1&lon=1")

    assert device == "from-query"
    assert fix.lat == 31.9


def test_deviceid_is_accepted_for_id():
    device, _ = osmand("deviceid=860000000000001&lat=31.9&lon=119.95")

    assert device == "860000000000001"


def test_a_query_dict_gives_the_last_value_of_a_repeated_key():
    from django.http import QueryDict

    device, [fix] = parse_osmand(QueryDict("id=a&lat=1&lat=31.9&lon=119.95"), QueryDict(), b"", "", SHANGHAI)

    assert device == "a"
    assert fix.lat == 31.9


@pytest.mark.parametrize(
    "timestamp, expected",
    [
        ("1732521600", T0),  # Unix seconds
        ("1732521600000", T0),  # milliseconds: above 2147483647
        ("1732521600123", T0 + timedelta(milliseconds=123)),
        ("2024-11-25T08:00:00Z", T0),
        ("2024-11-25T08:00:00.000Z", T0),
        ("2024-11-25T16:00:00+08:00", T0),
        ("2024-11-25T16:00:00", T0),  # ISO without a zone: server time, like the format below
        ("2024-11-25 16:00:00", T0),  # yyyy-MM-dd HH:mm:ss in Asia/Shanghai
    ],
)
def test_timestamp_formats(timestamp, expected):
    _, [fix] = osmand(urlencode({"id": "d", "lat": 31.9, "lon": 119.95, "timestamp": timestamp}))

    assert fix.time == expected
    assert fix.time.utcoffset() == timedelta(0)


def test_local_timestamp_follows_the_server_zone():
    query = {"id": "d", "lat": "31.9", "lon": "119.95", "timestamp": "2024-11-25 16:00:00"}

    _, [fix] = parse_osmand(query, {}, b"", "", ZoneInfo("Europe/Berlin"))

    assert fix.time == datetime(2024, 11, 25, 15, 0, tzinfo=UTC)


def test_missing_timestamp_means_now():
    before = datetime.now(UTC)

    _, [fix] = osmand("id=d&lat=31.9&lon=119.95")

    assert before <= fix.time <= datetime.now(UTC)


def test_location_parameter_is_lat_comma_lon():
    _, [fix] = osmand("id=d&location=31.9,119.95")

    assert (fix.lat, fix.lon) == (31.9, 119.95)


def test_speed_is_knots_converted_to_metres_per_second():
    _, [fix] = osmand("id=d&lat=31.9&lon=119.95&speed=1")

    assert fix.speed_mps == pytest.approx(0.514444, abs=1e-6)


def test_heading_parameter_and_unknown_minus_one():
    _, [fix] = osmand("id=d&lat=31.9&lon=119.95&heading=271.5&speed=-1")

    assert fix.heading == 271.5
    assert fix.speed_mps is None  # iOS sends -1 for "unknown"


def test_charge_valid_and_crs():
    _, [fix] = osmand("id=d&lat=31.9&lon=119.95&charge=true&valid=false&crs=GCJ02")

    assert fix.charging is True
    assert fix.crs == "gcj02"
    assert fix.attributes == {"valid": False}


def test_valid_true_adds_nothing():
    _, [fix] = osmand("id=d&lat=31.9&lon=119.95&valid=1&charge=false")

    assert fix.attributes == {}
    assert fix.charging is False


def test_unknown_parameters_are_kept_as_text_attributes():
    _, [fix] = osmand("id=d&lat=31.9&lon=119.95&hdop=0.9&driverUniqueId=W0012&event=sos&motion=true")

    assert fix.attributes == {"hdop": "0.9", "driverUniqueId": "W0012", "event": "sos", "motion": "true"}


def test_blank_optional_parameters_are_absent():
    _, [fix] = osmand("id=d&lat=31.9&lon=119.95&speed=&batt=&charge=&timestamp=1732521600")

    assert (fix.speed_mps, fix.battery, fix.charging) == (None, None, None)


@pytest.mark.parametrize(
    "query, field",
    [
        ("lat=31.9&lon=119.95", "id"),
        ("id=&lat=31.9&lon=119.95", "id"),
        ("id=d", "lat"),
        ("id=d&lon=119.95", "lat"),
        ("id=d&lat=31.9", "lon"),
        ("id=d&lat=north&lon=119.95", "lat"),
        ("id=d&lat=31.9&lon=nan", "lon"),
        ("id=d&location=31.9", "location"),
        ("id=d&location=31.9,east", "location"),
        ("id=d&lat=31.9&lon=119.95&timestamp=yesterday", "timestamp"),
        ("id=d&lat=31.9&lon=119.95&timestamp=2024-11-25", "timestamp"),
        ("id=d&lat=31.9&lon=119.95&timestamp=2024-13-45T08:00:00Z", "timestamp"),
        ("id=d&lat=31.9&lon=119.95&timestamp=1e300", "timestamp"),
        ("id=d&lat=31.9&lon=119.95&speed=fast", "speed"),
        ("id=d&lat=31.9&lon=119.95&bearing=east", "bearing"),
        ("id=d&lat=31.9&lon=119.95&heading=east", "heading"),
        ("id=d&lat=31.9&lon=119.95&altitude=high", "altitude"),
        ("id=d&lat=31.9&lon=119.95&accuracy=good", "accuracy"),
        ("id=d&lat=31.9&lon=119.95&batt=full", "batt"),
        ("id=d&lat=31.9&lon=119.95&charge=maybe", "charge"),
        ("id=d&lat=31.9&lon=119.95&crs=epsg3857", "crs"),
    ],
)
def test_osmand_errors_name_the_parameter(query, field):
    error = osmand_error(query)

    assert error.field == field
    assert isinstance(error, BadInput) and error.status_code == 400


def test_too_many_parameters_are_refused():
    query = "id=d&lat=31.9&lon=119.95&" + "&".join(f"p{i}=x" for i in range(200))

    assert osmand_error(query).field == "query"


def test_a_body_that_is_not_a_form():
    assert osmand_error("", body=b"\xff\xfe\x00").field == "body"


# --- OsmAnd: Traccar Client 9 JSON ------------------------------------------------------------


def test_traccar_client_json_body():
    body = (DATA / "traccar_client_9.json").read_bytes()

    device, [fix] = osmand("", body=body, content_type="application/json; charset=utf-8")

    assert device == "48241179"
    assert fix.time == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert (fix.lon, fix.lat) == (119.95, 31.9)
    assert fix.speed_mps == 1.4  # m/s in this format, not knots
    assert (fix.heading, fix.altitude_m, fix.accuracy_m) == (90, 5, 12)
    assert (fix.battery, fix.charging) == (0.8, False)
    assert fix.client_id == "6f1b8e0a-2a4c-4d8e-9b7a-3c2d1e0f9a8b"
    assert fix.attributes == {
        "is_moving": True,
        "odometer": 1520.5,
        "event": "motionchange",
        "activity": {"type": "walking"},
        "extras": {},
        "altitude_accuracy": 3,
    }


def test_json_location_list_with_epoch_timestamps():
    body = json.dumps(
        {
            "device_id": 48241179,
            "location": [
                {"timestamp": 1732521600, "coords": {"latitude": 31.9, "longitude": 119.95}},
                {
                    "timestamp": 1732521605000,
                    "coords": {"latitude": 31.9001, "longitude": 119.9501, "speed": -1},
                    "battery": {"level": -1, "is_charging": True},
                },
            ],
        }
    ).encode()

    device, fixes = osmand("", body=body, content_type="application/json")

    assert device == "48241179"
    assert [f.time for f in fixes] == [T0, T0 + timedelta(seconds=5)]
    assert [f.index for f in fixes] == [0, 1]
    assert (fixes[1].speed_mps, fixes[1].battery, fixes[1].charging) == (None, None, True)


def test_json_without_content_type_and_device_id_in_query():
    body = b'{"location": {"coords": {"latitude": 31.9, "longitude": 119.95}}}'

    device, [fix] = parse_osmand({"id": "q-dev"}, {}, body, "application/json", SHANGHAI)

    assert device == "q-dev"
    assert datetime.now(UTC) - fix.time < timedelta(seconds=5)
    assert osmand("", body=body.replace(b"{", b'{"device_id": "x", ', 1))[0] == "x"


@pytest.mark.parametrize(
    "body, field",
    [
        (b'{"device_id": "d", "location": ', "body"),
        (b"[1, 2]", "body"),
        (b'{"location": {"coords": {"latitude": 31.9, "longitude": 119.95}}}', "device_id"),
        (b'{"device_id": "d"}', "location"),
        (b'{"device_id": "d", "location": []}', "location"),
        (b'{"device_id": "d", "location": {"timestamp": "2026-11-25T08:00:00Z"}}', "location.coords"),
        (b'{"device_id": "d", "location": {"coords": {"latitude": 31.9}}}', "location.coords.longitude"),
        (
            b'{"device_id": "d", "location": {"coords": {"latitude": "N", "longitude": 119.95}}}',
            "location.coords.latitude",
        ),
        (
            b'{"device_id": "d", "location": [{"coords": {"latitude": 31.9, "longitude": 119.95}}, '
            b'{"coords": {"latitude": 31.9, "longitude": 119.95, "speed": "fast"}}]}',
            "location[1].coords.speed",
        ),
        (
            b'{"device_id": "d", "location": {"timestamp": "yesterday", '
            b'"coords": {"latitude": 31.9, "longitude": 119.95}}}',
            "location.timestamp",
        ),
    ],
)
def test_json_errors_name_the_field(body, field):
    assert osmand_error("", body=body, content_type="application/json").field == field


# --- OwnTracks --------------------------------------------------------------------------------

OWNTRACKS_LOCATION = {
    "_type": "location",
    "tid": "zh",
    "lat": 31.9,
    "lon": 119.95,
    "tst": 1732521600,
    "acc": 10,
    "alt": 5,
    "batt": 77,
    "bs": 2,
    "vel": 36,
    "cog": 180,
    "conn": "m",
    "t": "u",
    "m": 1,
}


def test_owntracks_location_with_headers():
    device, [fix] = parse_owntracks(
        json.dumps(OWNTRACKS_LOCATION).encode(), {"X-Limit-U": "zhang", "X-Limit-D": "phone"}, {}
    )

    assert device == "phone"
    assert (fix.time, fix.lon, fix.lat, fix.crs) == (T0, 119.95, 31.9, "wgs84")
    assert fix.speed_mps == pytest.approx(10.0)  # 36 km/h
    assert fix.battery == pytest.approx(0.77)
    assert fix.charging is True
    assert (fix.heading, fix.accuracy_m, fix.altitude_m) == (180, 10, 5)
    assert fix.attributes == {"tid": "zh", "conn": "m", "t": "u", "m": 1}


def test_owntracks_headers_are_case_insensitive_and_win_over_query():
    assert parse_owntracks(b"", {"x-limit-d": "phone"}, {"d": "tablet"})[0] == "phone"


def test_owntracks_device_from_query_then_topic():
    body = json.dumps({**OWNTRACKS_LOCATION, "topic": "owntracks/wang/pad"}).encode()

    assert parse_owntracks(body, {}, {"u": "li", "d": "tablet"})[0] == "tablet"
    assert parse_owntracks(body, {}, {})[0] == "pad"
    assert parse_owntracks(json.dumps(OWNTRACKS_LOCATION).encode(), {}, {})[0] is None


@pytest.mark.parametrize("status, charging", [(0, None), (1, False), (2, True), (3, True), (None, None)])
def test_owntracks_battery_status(status, charging):
    message = {**OWNTRACKS_LOCATION, "bs": status}

    _, [fix] = parse_owntracks(json.dumps(message).encode(), {}, {})

    assert fix.charging is charging


@pytest.mark.parametrize(
    "message",
    [
        {"_type": "transition", "event": "enter", "desc": "网格 3201110010010001", "tst": 1732521600},
        {"_type": "waypoint", "desc": "home", "lat": 31.9, "lon": 119.95, "rad": 50, "tst": 1732521600},
        {"_type": "card", "name": "张三"},
        {"_type": "lwt", "tst": 1732521600},
        {"_type": "encrypted", "data": "c2VjcmV0"},
    ],
)
def test_owntracks_other_types_give_no_fixes(message):
    assert parse_owntracks(json.dumps(message).encode(), {}, {})[1] == []


@pytest.mark.parametrize("body", [b"", b"  \n"])
def test_owntracks_empty_body_gives_no_fixes(body):
    assert parse_owntracks(body, {"X-Limit-D": "phone"}, {}) == ("phone", [])


def test_owntracks_array_of_messages():
    second = {**OWNTRACKS_LOCATION, "tst": 1732521660}
    body = json.dumps([OWNTRACKS_LOCATION, {"_type": "lwt", "tst": 1}, second]).encode()

    _, fixes = parse_owntracks(body, {}, {})

    assert [f.time for f in fixes] == [T0, T0 + timedelta(minutes=1)]
    assert [f.index for f in fixes] == [0, 2]


@pytest.mark.parametrize(
    "body, field",
    [
        (b"{not json", "body"),
        (b'"location"', "body"),
        (b'[{"_type": "location"}, 3]', "body"),
        (json.dumps({**OWNTRACKS_LOCATION, "lat": None}).encode(), "lat"),
        (json.dumps({k: v for k, v in OWNTRACKS_LOCATION.items() if k != "tst"}).encode(), "tst"),
        (json.dumps({**OWNTRACKS_LOCATION, "lon": "east"}).encode(), "lon"),
        (json.dumps({**OWNTRACKS_LOCATION, "vel": "fast"}).encode(), "vel"),
    ],
)
def test_owntracks_errors_name_the_field(body, field):
    with pytest.raises(ProtocolError) as caught:
        parse_owntracks(body, {}, {})

    assert caught.value.field == field


# --- Own batch API ----------------------------------------------------------------------------

GOOD = {"id": "0b6d3f0e-4a5b-4c6d-8e9f-a0b1c2d3e4f5", "time": "2024-11-25T16:00:00+08:00", "lon": 119.95, "lat": 31.9}


def test_batch_good_elements_become_fixes():
    payload = [
        GOOD,
        {
            "time": "2024-11-25T08:00:05Z",
            "lon": 119.95,
            "lat": 31.9,
            "crs": "bd09",
            "accuracy_m": 8,
            "speed_mps": 1.2,
            "heading": 360,
            "altitude_m": -3,
            "battery": 1,
            "charging": True,
        },
    ]

    fixes, rejected = parse_batch(payload)

    assert rejected == []
    assert fixes[0] == Fix(time=T0, lon=119.95, lat=31.9, client_id=GOOD["id"], index=0)
    assert fixes[1] == Fix(
        time=T0 + timedelta(seconds=5),
        lon=119.95,
        lat=31.9,
        crs="bd09",
        accuracy_m=8,
        speed_mps=1.2,
        heading=360,
        altitude_m=-3,
        battery=1,
        charging=True,
        index=1,
    )


@pytest.mark.parametrize(
    "element, field",
    [
        ({**GOOD, "lon": None}, "lon"),
        ({k: v for k, v in GOOD.items() if k != "lat"}, "lat"),
        ({k: v for k, v in GOOD.items() if k != "time"}, "time"),
        ({**GOOD, "time": "2024-11-25T16:00:00"}, "time"),  # naive
        ({**GOOD, "time": 1732521600}, "time"),
        ({**GOOD, "time": "25/11/2024"}, "time"),
        ({**GOOD, "lat": "31.9"}, "lat"),
        ({**GOOD, "lat": True}, "lat"),
        ({**GOOD, "lon": 180.5}, "lon"),
        ({**GOOD, "lat": -91}, "lat"),
        ({**GOOD, "accuracy_m": -1}, "accuracy_m"),
        ({**GOOD, "speed_mps": -0.1}, "speed_mps"),
        ({**GOOD, "heading": 361}, "heading"),
        ({**GOOD, "battery": 80}, "battery"),
        ({**GOOD, "altitude_m": float("nan")}, "altitude_m"),
        ({**GOOD, "crs": "mercator"}, "crs"),
        ({**GOOD, "id": "not-a-uuid"}, "id"),
        ({**GOOD, "id": 42}, "id"),
        ({**GOOD, "charging": "yes"}, "charging"),
        (["119.95", "31.9"], None),
    ],
)
def test_batch_bad_element_is_rejected_by_index_and_field(element, field):
    fixes, rejected = parse_batch([GOOD, element, GOOD])

    assert [f.index for f in fixes] == [0, 2]
    assert len(rejected) == 1
    assert (rejected[0].index, rejected[0].field) == (1, field)
    assert rejected[0].reason


def test_batch_mixed_rejections_keep_going():
    payload = [{**GOOD, "lat": 95}, GOOD, {**GOOD, "time": "2024-11-25 16:00"}, {**GOOD, "crs": "gcj-02"}, GOOD]

    fixes, rejected = parse_batch(payload)

    assert [f.index for f in fixes] == [1, 4]
    assert [(r.index, r.field) for r in rejected] == [(0, "lat"), (2, "time"), (3, "crs")]
    assert all(isinstance(r, Rejected) for r in rejected)
    assert "lat" in rejected[0].reason and "时区" in rejected[1].reason


@pytest.mark.parametrize("payload", [{"fixes": []}, "[]", None])
def test_batch_must_be_a_list(payload):
    with pytest.raises(ProtocolError) as caught:
        parse_batch(payload)

    assert caught.value.field == "body"


def test_batch_size_limit():
    assert parse_batch([]) == ([], [])
    assert len(parse_batch([GOOD] * 3, max_fixes=3)[0]) == 3
    with pytest.raises(ProtocolError) as caught:
        parse_batch([GOOD] * 4, max_fixes=3)
    assert caught.value.field == "body"


# --- GPX --------------------------------------------------------------------------------------


def test_gpx_1_1_with_namespace_and_extensions():
    fixes = parse_gpx((DATA / "gpslogger_1_1.gpx").read_bytes())

    assert [f.time for f in fixes] == [T0, T0 + timedelta(seconds=10), T0 + timedelta(seconds=20.5)]
    first = fixes[0]
    assert (first.lon, first.lat, first.altitude_m, first.crs) == (119.95, 31.9, 5.0, "wgs84")
    assert (first.speed_mps, first.heading) == (1.5, 90)  # Garmin TrackPointExtension
    assert fixes[2].attributes == {"gpx": "trkpt", "hdop": "0.9", "sat": "11"}
    assert fixes.skipped == 1  # the trkpt without time; the untimed waypoint is a place, not counted
    assert [f.index for f in fixes] == [1, 2, 4]  # the waypoint is point 0


def test_gpx_1_0_track_route_and_waypoints():
    fixes = parse_gpx((DATA / "garmin_1_0.gpx").read_bytes())

    assert [f.attributes["gpx"] for f in fixes] == ["wpt", "rtept", "trkpt", "trkpt"]
    assert fixes[0].attributes["name"] == "START"
    track = fixes[2]
    assert (track.time, track.lat, track.lon) == (datetime(2024, 11, 25, 9, 0, tzinfo=UTC), 31.922, 119.972)
    assert (track.speed_mps, track.heading, track.altitude_m) == (2.5, 180.0, 4.0)
    assert fixes[3].time == datetime(2024, 11, 25, 9, 0, 5, tzinfo=UTC)  # GPX times are UTC by the standard
    assert fixes.skipped == 1  # "yesterday" is not a time


def test_gpx_without_namespace_and_crs_option():
    data = (
        b'<gpx><trk><trkseg><trkpt lat="31.9" lon="119.95"><time>2024-11-25T08:00:00Z</time></trkpt>'
        b'<trkpt lon="119.95"><time>2024-11-25T08:00:01Z</time></trkpt></trkseg></trk></gpx>'
    )

    fixes = parse_gpx(data, crs="gcj02")

    assert [(f.crs, f.time) for f in fixes] == [("gcj02", T0)]
    assert fixes.skipped == 1  # no lat
    assert isinstance(fixes, list)


def test_gpx_in_another_encoding():
    text = (
        '<?xml version="1.0" encoding="GBK"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        '<wpt lat="31.9" lon="119.95"><time>2024-11-25T08:00:00Z</time><name>新北区</name></wpt></gpx>'
    )

    [fix] = parse_gpx(text.encode("gbk"))

    assert fix.attributes["name"] == "新北区"


@pytest.mark.parametrize(
    "data",
    [
        (DATA / "billion_laughs.gpx").read_bytes(),
        b'<?xml version="1.0"?><!DOCTYPE gpx SYSTEM "file:///etc/passwd"><gpx/>',
        b'<?xml version="1.0"?>\n<!doctype gpx [<!ENTITY x SYSTEM "http://example.com/x">]><gpx>&x;</gpx>',
        # The same declaration hidden from a byte search by UTF-16.
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE gpx [<!ENTITY a "b">]><gpx>&a;</gpx>'.encode("utf-16"),
    ],
)
def test_gpx_with_doctype_or_entities_is_refused(data):
    with pytest.raises(ProtocolError) as caught:
        parse_gpx(data)

    assert caught.value.field == "file"
    assert "DOCTYPE" in str(caught.value)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<gpx><trk></gpx>",
        b"not xml at all",
        b'<?xml version="1.0" encoding="no-such-codec"?><gpx/>',
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>',
        b"<gpx>\xff\xfe</gpx>",
    ],
)
def test_gpx_unreadable_files(data):
    with pytest.raises(ProtocolError) as caught:
        parse_gpx(data)

    assert caught.value.field == "file"


def test_gpx_point_limit_and_bad_crs():
    point = b'<trkpt lat="31.9" lon="119.95"><time>2024-11-25T08:00:00Z</time></trkpt>'
    data = b"<gpx><trk><trkseg>" + point * 3 + b"</trkseg></trk></gpx>"

    assert len(parse_gpx(data, max_points=3)) == 3
    with pytest.raises(ProtocolError) as caught:
        parse_gpx(data, max_points=2)
    assert caught.value.field == "file"
    with pytest.raises(ProtocolError) as caught:
        parse_gpx(data, crs="utm")
    assert caught.value.field == "crs"
