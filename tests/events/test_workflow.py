"""The workflow through `POST /api/v1/events/{id}/actions` on real PostGIS: who may take which step
(role × jurisdiction × level), invalid transitions (409) and bad input (400), the escalation chain
grid → grid leader → street → district → department and back by returns, closing with a rating,
and the frame the live map gets after commit."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from events.models import Event, EventAction
from events.workflow import Level, Status
from grids.models import Grid, GridMember
from realtime.groups import area_group

pytestmark = pytest.mark.django_db


def act(api, event, action, version=None, **extra):
    version = Event.objects.get(pk=event.pk).version if version is None else version
    return api.post(
        f"/api/v1/events/{event.pk}/actions", {"action": action, "version": version, **extra}, format="json"
    )


@pytest.fixture
def actors(site, other_site, district_op, make_user):
    neighbour_grid = (
        Grid.objects.filter(code__startswith=site.street_code[:9]).exclude(pk=site.grid.pk).order_by("code").first()
    )
    return {
        "worker": site.worker,
        "other_grid_worker": GridMember.objects.get(grid=neighbour_grid, role="worker").user,
        "grid_leader": site.leader,
        "street": site.street_op,
        "other_street": other_site.street_op,
        "district": district_op,
        "justice_staff": make_user("justice1", "department_staff", "320411000000", department="justice"),
        "police_staff": make_user("police1", "department_staff", "320411000000", department="police"),
        "leader": make_user("leader1", "leader", site.street_code),
    }


# A fresh neighbour dispute in the site's grid: status reported, level grid, held by the grid's worker,
# department justice. Another street cannot even see it (404).
PERMISSIONS = [
    ("worker", "accept", 200),
    ("other_grid_worker", "accept", 404),
    ("grid_leader", "accept", 200),
    ("street", "accept", 200),
    ("other_street", "accept", 404),
    ("district", "accept", 200),
    ("justice_staff", "accept", 403),
    ("leader", "accept", 403),
    ("worker", "self_handle", 200),
    ("grid_leader", "self_handle", 200),
    ("street", "self_handle", 403),
    ("district", "self_handle", 403),
    ("worker", "reject", 403),
    ("grid_leader", "reject", 403),
    ("street", "reject", 200),
    ("district", "reject", 200),
    ("worker", "dispatch", 403),
    ("grid_leader", "dispatch", 200),
    ("street", "dispatch", 200),
    ("district", "dispatch", 200),
    ("justice_staff", "dispatch", 403),
    ("worker", "escalate", 200),
    ("other_grid_worker", "escalate", 404),
    ("grid_leader", "escalate", 200),
    ("street", "escalate", 200),
    ("district", "escalate", 200),
    ("justice_staff", "escalate", 403),
    ("worker", "supervise", 403),
    ("grid_leader", "supervise", 403),
    ("street", "supervise", 200),
    ("district", "supervise", 200),
    ("leader", "supervise", 200),
    ("justice_staff", "supervise", 403),
    ("other_street", "supervise", 404),
]


@pytest.mark.parametrize("who, action, expected", PERMISSIONS)
def test_who_may_take_which_step_on_a_fresh_event(actors, new_event, api_as, who, action, expected):
    event = new_event()

    r = act(api_as(actors[who].username), event, action)

    assert r.status_code == expected, r.json()
    after = Event.objects.get(pk=event.pk)
    if expected == 200:
        assert after.version == 2 and EventAction.objects.filter(event=event).count() == 2
    else:
        assert (
            after.version == 1
            and after.status == Status.REPORTED
            and EventAction.objects.filter(event=event).count() == 1
        )


def test_department_staff_act_only_on_their_departments_events_once_passed_to_them(actors, new_event, api_as):
    event = new_event()
    assert act(api_as("district"), event, "dispatch", target="department:justice").status_code == 200

    assert act(api_as("police1"), event, "accept").status_code == 403
    assert act(api_as("justice1"), event, "accept").status_code == 200
    assert act(api_as("justice1"), event, "start").status_code == 200
    r = act(api_as("justice1"), event, "resolve", note="已调解")
    assert r.status_code == 200 and r.json()["properties"]["status"] == "resolved"


@pytest.mark.parametrize(
    "steps, who, action",
    [
        ([], "worker", "start"),
        ([], "street", "close"),
        ([], "worker", "resolve"),
        ([], "reporter", "rate"),
        (["accept", "resolve"], "worker", "resolve"),
        (["self_handle"], "worker", "accept"),
        (["self_handle"], "street", "supervise"),
        (["self_handle"], "street", "reject"),
    ],
)
def test_steps_that_do_not_apply_to_the_status_are_409(site, new_event, api_as, steps, who, action):
    event = new_event()
    worker = api_as(site.worker.username)
    for step in steps:
        assert act(worker, event, step).status_code == 200
    api = {"worker": worker, "reporter": worker, "street": api_as(site.street_op.username)}[who]

    r = act(api, event, action, rating=5)

    assert r.status_code == 409 and r.json()["field"] == "action", r.json()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"action": "teleport", "version": 1}, "action"),
        ({"action": "accept"}, "version"),
        ({"action": "report", "version": 1}, "action"),
        ({"action": "dispatch", "version": 1, "target": "nobody:x"}, "target"),
        ({"action": "dispatch", "version": 1, "target": "user:no-such-user"}, "target"),
        ({"action": "dispatch", "version": 1, "target": "department:nope"}, "target"),
    ],
)
def test_bad_action_input_is_400_naming_the_field(site, new_event, api_as, body, field):
    event = new_event()

    r = api_as(site.street_op.username).post(f"/api/v1/events/{event.pk}/actions", body, format="json")

    assert r.status_code == 400 and r.json()["field"] == field


def test_a_stale_version_is_409_and_changes_nothing(site, new_event, api_as):
    event = new_event()
    assert act(api_as(site.worker.username), event, "accept", version=1).status_code == 200

    r = act(api_as(site.street_op.username), event, "reject", version=1)

    assert r.status_code == 409 and r.json()["field"] == "version"
    assert Event.objects.get(pk=event.pk).status == Status.ACCEPTED


def test_a_worker_handles_an_event_to_closure_and_the_reporter_rates_it(site, new_event, api_as, make_user):
    reporter = make_user("citizen1", "public")
    event = new_event(reporter=reporter, source="public")
    worker, street = api_as(site.worker.username), api_as(site.street_op.username)

    for step in ("accept", "start", "resolve"):
        assert act(worker, event, step).status_code == 200
    closed = act(street, event, "close", note="已核实").json()["properties"]
    assert act(street, event, "rate", rating=5).status_code == 403  # only the reporter rates
    rated = act(api_as("citizen1"), event, "rate", rating=4).json()["properties"]

    assert closed["status"] == "closed" and closed["closed_at"]
    assert rated["rating"] == 4 and rated["version"] == 6
    log = [(a["action"], a["from_status"], a["to_status"]) for a in rated["actions"]]
    assert log == [
        ("report", "", "reported"),
        ("accept", "reported", "accepted"),
        ("start", "accepted", "in_progress"),
        ("resolve", "in_progress", "resolved"),
        ("close", "resolved", "closed"),
        ("rate", "closed", "closed"),
    ]
    assert rated["actions"][4]["actor_name"] == site.street_op.first_name


def test_an_event_escalates_up_the_chain_and_returns_down_it(site, new_event, api_as, make_user):
    make_user("justice1", "department_staff", "320411000000", department="justice")
    event = new_event()

    def holder():
        e = Event.objects.get(pk=event.pk)
        return e.level, e.handler, e.department.code if e.department else None

    assert act(api_as(site.worker.username), event, "escalate").status_code == 200
    assert holder() == (Level.GRID_LEADER, site.leader, "justice")
    assert act(api_as(site.leader.username), event, "escalate").status_code == 200
    assert holder() == (Level.STREET, None, "justice")
    assert act(api_as(site.street_op.username), event, "escalate").status_code == 200
    assert holder() == (Level.DISTRICT, None, "justice")
    assert act(api_as("district"), event, "escalate", target="department:civil_affairs").status_code == 200
    assert holder() == (Level.DEPARTMENT, None, "civil_affairs")
    assert act(api_as("justice1"), event, "accept").status_code == 403  # not their department's any more
    assert act(api_as("district"), event, "escalate").status_code == 409  # nothing above a department

    # returns walk back down the way it came
    assert act(api_as("district"), event, "return", note="非本部门职责").status_code == 200
    assert holder() == (Level.DISTRICT, None, "justice")
    assert act(api_as("district"), event, "return").status_code == 200
    assert holder() == (Level.STREET, None, "justice")
    assert act(api_as(site.street_op.username), event, "return").status_code == 200
    assert holder() == (Level.GRID_LEADER, site.leader, "justice")
    assert act(api_as(site.leader.username), event, "return").status_code == 200
    assert holder() == (Level.GRID, site.worker, "justice")
    assert Event.objects.get(pk=event.pk).status == Status.RETURNED
    r = act(api_as(site.worker.username), event, "return")
    assert r.status_code == 409 and "退回" in r.json()["detail"]


def test_a_resolved_event_returned_goes_back_to_its_handler_for_rework(site, new_event, api_as):
    event = new_event()
    worker = api_as(site.worker.username)
    act(worker, event, "accept")
    act(worker, event, "resolve")

    r = act(api_as(site.street_op.username), event, "return", note="现场未整改")

    props = r.json()["properties"]
    assert props["status"] == "returned" and props["handler"] == site.worker.pk and props["level"] == "grid"
    assert Event.objects.get(pk=event.pk).resolved_at is None


def test_the_street_dispatches_to_a_named_worker_of_its_street_only(site, other_site, new_event, api_as):
    event = new_event()
    street = api_as(site.street_op.username)

    assert act(street, event, "dispatch", target=f"user:{other_site.worker.username}").status_code == 403
    r = act(street, event, "dispatch", target=site.leader.username)

    assert r.status_code == 200 and r.json()["properties"]["handler"] == site.leader.pk
    assert r.json()["properties"]["level"] == "grid_leader"


def test_every_step_reaches_the_live_map_after_commit(site, new_event, api_as, django_capture_on_commit_callbacks):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(area_group(site.street_code[:9]), channel)
    event = new_event()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert act(api_as(site.worker.username), event, "accept").status_code == 200

    assert callbacks
    frames = []
    while True:
        try:
            frames.append(async_to_sync(layer.receive)(channel))
        except Exception:
            break
        if frames[-1]["payload"]["action"] == "accept":
            break
    frame = frames[-1]
    assert frame["type"] == "map.frame" and frame["kind"] == "event"
    assert frame["payload"]["event"] == event.code and frame["payload"]["status"] == "accepted"
    assert frame["payload"]["code"] == event.location_code


def test_an_integration_rates_a_public_report_without_a_user(site, new_event, api_as):
    from events.services import perform_as_system

    event = new_event(reporter=None, source="public", contact={"phone": "13900000000"})
    worker = api_as(site.worker.username)
    act(worker, event, "self_handle")

    rated = perform_as_system(event.pk, "rate", rating=3, note="群众回访满意度")

    assert (rated.rating, rated.status, rated.version) == (3, "self_handled", 3)
    entry = EventAction.objects.filter(event=event).last()
    assert (entry.action, entry.actor_id, entry.actor_name) == ("rate", None, "系统")
