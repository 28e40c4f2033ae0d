"""A stock Open311 client's flow end to end: list services, post a request at a point, read it back
by id and through the filtered list; the event lands on that grid worker's to-do list, and as the
workflow moves it the public sees open → closed with FixMyStreet's detailed states."""

from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from events.models import Event, Open311Client
from events.open311.statuses import DETAILED, detailed_status, open311_status
from events.workflow import TERMINAL, Status

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


def read(response, fmt) -> list[dict]:
    """A list response as a client library reads it: a list of {field: text}."""
    assert response.status_code == 200, response.content
    if fmt == "json":
        return [
            {
                k: v if v is None or isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)
                for k, v in item.items()
            }
            for item in response.json()
        ]
    root = ET.fromstring(response.content)
    return [{child.tag: child.text for child in item} for item in root]


def act(api, code, action, **extra):
    event = Event.objects.get(code=code)
    body = {"action": action, "version": event.version, **extra}
    r = api.post(f"/api/v1/events/{event.pk}/actions", body, format="json")
    assert r.status_code == 200, r.json()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_stock_client_reports_and_follows_a_request_to_closure(site, api_as, fmt):
    client = Client()
    key = Open311Client.issue("GeoReporter")[1]

    # given the services, the client picks noise (no extra fields to ask for)
    services = {s["service_code"]: s for s in read(client.get(f"{BASE}/services.{fmt}"), fmt)}
    noise = services["ecology.noise"]
    assert noise["metadata"] == "false"

    # when it posts a request at a point in the site's grid
    (reply,) = read(
        client.post(
            f"{BASE}/requests.{fmt}",
            {
                "api_key": key,
                "service_code": noise["service_code"],
                "lat": str(site.lat),
                "long": str(site.lon),
                "description": "工地夜间施工噪音",
                "phone": "13700000000",
            },
        ),
        fmt,
    )
    request_id = reply["service_request_id"]

    # then it reads it back by id and finds it in the list filtered by service and status
    (item,) = read(client.get(f"{BASE}/requests/{request_id}.{fmt}"), fmt)
    assert (item["status"], item["detailed_status"], item["service_code"]) == ("open", "open", "ecology.noise")
    assert (float(item["long"]), float(item["lat"])) == pytest.approx((site.lon, site.lat), abs=1e-7)
    listed = read(client.get(f"{BASE}/requests.{fmt}", {"service_code": "ecology.noise", "status": "open"}), fmt)
    assert [i["service_request_id"] for i in listed] == [request_id]

    # and the event is on the grid worker's to-do list
    worker = api_as(site.worker.username)
    assert worker.get("/api/v1/todo").json()["assigned"] == 1
    todo = worker.get("/api/v1/events", {"todo": "true"}).json()
    assert [f["properties"]["code"] for f in todo["features"]] == [request_id]

    # when the worker accepts, starts and resolves it, and the street centre closes it
    def seen():
        (item,) = read(client.get(f"{BASE}/requests/{request_id}.{fmt}"), fmt)
        return item["status"], item["detailed_status"], item["status_notes"]

    act(worker, request_id, "accept")
    assert seen() == ("open", "investigating", "已受理")
    act(worker, request_id, "start")
    assert seen() == ("open", "in_progress", "处置中")
    act(worker, request_id, "resolve", note="已约谈施工单位，夜间停工")
    assert seen() == ("open", "fixed", "已办结：已约谈施工单位，夜间停工")
    act(api_as(site.street_op.username), request_id, "close", note="回访核实噪音已消除")

    # then the public sees it closed, with the closing note, and the status filters follow
    assert seen() == ("closed", "fixed", "已结案：回访核实噪音已消除")
    closed = read(client.get(f"{BASE}/requests.{fmt}", {"status": "closed"}), fmt)
    assert [i["service_request_id"] for i in closed] == [request_id]
    assert read(client.get(f"{BASE}/requests.{fmt}", {"status": "open"}), fmt) == []
    assert worker.get("/api/v1/todo").json()["assigned"] == 0


def test_a_rejected_request_is_closed_as_not_responsible_with_the_reason(site, api_as):
    client = Client()
    key = Open311Client.issue("随手拍")[1]
    reply = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": key,
            "service_code": "ecology.noise",
            "lat": site.lat,
            "long": site.lon,
            "description": "邻省工厂排污",
        },
    ).json()[0]

    act(api_as(site.street_op.username), reply["service_request_id"], "reject", note="属邻市管辖，已告知来电人")

    (item,) = client.get(f"{BASE}/requests/{reply['service_request_id']}.json").json()
    assert (item["status"], item["detailed_status"], item["status_notes"]) == (
        "closed",
        "not_responsible",
        "不予受理：属邻市管辖，已告知来电人",
    )


def test_every_workflow_status_has_an_open311_status_and_detailed_state():
    fms = {
        "open",
        "investigating",
        "in_progress",
        "action_scheduled",
        "fixed",
        "not_responsible",
        "duplicate",
        "internal_referral",
        "unable_to_fix",
        "closed",
    }

    assert set(DETAILED) == set(Status)
    assert set(DETAILED.values()) <= fms
    for status in Status:
        assert open311_status(status) == ("closed" if status in TERMINAL else "open")
        assert detailed_status(status) in fms
