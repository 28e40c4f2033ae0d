"""Routing on the demo district: location → grid → its worker (and leader), category → department,
rules per category subtree and street that override either; and the event landing on the worker's
to-do list."""

import pytest
from events_support import image_bytes, upload

from events.models import Category, Department, RoutingRule
from events.routing import route
from events.workflow import Level

pytestmark = pytest.mark.django_db


def _rule(category, **fields):
    rule = RoutingRule(category=Category.objects.get(code=category), **fields)
    rule.full_clean()
    rule.save()
    return rule


def test_an_event_goes_to_its_grids_worker_and_its_categorys_department(site, new_event):
    event = new_event(category="city.manhole", photos=[upload("p.jpg", image_bytes())])
    r = route(event)

    assert r.handler == site.worker and r.worker == site.worker and r.leader == site.leader
    assert r.level == Level.GRID and r.rule is None
    assert r.department == Department.objects.get(code="urban_management")
    assert (event.handler, event.department, event.level) == (site.worker, r.department, Level.GRID)


def test_a_child_category_without_a_department_inherits_its_parents(site, new_event):
    child = Category.objects.create(code="dispute.school", name="校园纠纷", parent=Category.objects.get(code="dispute"))

    r = route(new_event(category=child.code))

    assert r.department.code == "justice"


def test_a_rule_overrides_the_department_for_a_category_subtree(site, new_event):
    rule = _rule("dispute", department=Department.objects.get(code="civil_affairs"))

    event = new_event(category="dispute.neighbour")

    assert route(event).rule == rule and event.department.code == "civil_affairs"


def test_a_street_rule_beats_a_district_wide_one_and_only_in_its_street(site, other_site, new_event):
    _rule("dispute.neighbour", department=Department.objects.get(code="civil_affairs"))
    street_rule = _rule(
        "dispute",
        street_code=site.street_code[:9],
        department=Department.objects.get(code="police"),
        handler_role="leader",
    )

    here = new_event()
    there = new_event(lon=other_site.lon, lat=other_site.lat)

    assert route(here).rule == street_rule
    assert (here.department.code, here.handler, here.level) == ("police", site.leader, Level.GRID_LEADER)
    assert (there.department.code, there.handler, there.level) == ("civil_affairs", other_site.worker, Level.GRID)


def test_a_rule_can_send_an_event_straight_to_the_department(site, new_event):
    _rule("dispute.neighbour", handler_role="department")

    event = new_event()

    assert (event.level, event.handler, event.department.code) == (Level.DEPARTMENT, None, "justice")


def test_the_route_endpoint_shows_it(site, new_event, api_as):
    event = new_event()

    body = api_as(site.street_op.username).get(f"/api/v1/events/{event.pk}/route").json()

    assert body["handler"]["username"] == site.worker.username and body["level"] == "grid"
    assert body["leader"]["username"] == site.leader.username and body["department"]["code"] == "justice"
    assert body["grid"] == site.grid.code and body["rule"] is None


def test_an_event_posted_at_a_point_lands_on_that_grid_workers_to_do_list(site, other_site, api_as):
    # given a street operator's report at a point in the site's grid
    r = api_as(site.street_op.username).post(
        "/api/v1/events",
        {"title": "邻里纠纷", "category": "dispute.neighbour", "lon": site.lon, "lat": site.lat},
        format="json",
    )
    assert r.status_code == 201, r.json()

    # then the grid's worker has one to do, and sees it in their list; another grid's worker does not
    worker = api_as(site.worker.username)
    assert worker.get("/api/v1/todo").json() == {
        "assigned": 1,
        "overdue": 0,
        "due_soon": 0,
        "supervised": 0,
        "reminders": 0,
    }
    todo = worker.get("/api/v1/events?todo=true").json()
    assert [f["id"] for f in todo["features"]] == [r.json()["id"]]
    assert api_as(other_site.worker.username).get("/api/v1/todo").json()["assigned"] == 0
