"""Organisations, members and resources through the API: created inside the jurisdiction only,
located on write, bad input named; lists cut to the jurisdiction; phones masked by role."""

import pytest
from militia_support import offset

from militia.models import MilitiaMember, MilitiaOrg, Resource

pytestmark = pytest.mark.django_db


def test_a_town_adds_a_company_a_member_and_a_shelter_in_its_own_town(unit, api_as):
    api = api_as(unit.street_op.username)
    town = MilitiaOrg.objects.get(level="street", location_code=unit.street_code)
    lon, lat = offset(unit.lon, unit.lat, dx=200)

    company = api.post(
        "/api/v1/militia/orgs",
        {"name": "新建应急连", "level": "company", "parent": town.pk, "lon": lon, "lat": lat},
        format="json",
    )
    assert company.status_code == 201, company.json()
    assert company.json()["properties"]["code"].startswith("320411001")
    member = api.post(
        "/api/v1/militia/members",
        {"org": company.json()["id"], "name": "周新", "age_band": "26-35", "phone": "13900000099"},
        format="json",
    )
    assert member.status_code == 201 and MilitiaMember.objects.get(pk=member.json()["id"]).point.equals_exact(
        MilitiaOrg.objects.get(pk=company.json()["id"]).point, 1e-9
    )
    shelter = api.post(
        "/api/v1/militia/resources",
        {"kind": "shelter", "name": "新建避难点", "lon": lon, "lat": lat, "capacity": 500, "available": 200},
        format="json",
    )
    assert shelter.status_code == 201, shelter.json()
    assert Resource.objects.get(pk=shelter.json()["id"]).location_code.startswith("320411001")


def test_a_town_cannot_place_things_in_another_town_or_outside_the_district(unit, other_unit, api_as):
    api = api_as(unit.street_op.username)
    town = MilitiaOrg.objects.get(level="street", location_code=unit.street_code)

    elsewhere = api.post(
        "/api/v1/militia/orgs",
        {"name": "越界连", "level": "company", "parent": town.pk, "lon": other_unit.lon, "lat": other_unit.lat},
        format="json",
    )
    outside = api.post(
        "/api/v1/militia/resources", {"kind": "shelter", "name": "上海", "lon": 121.47, "lat": 31.23}, format="json"
    )
    over = api.post(
        "/api/v1/militia/resources",
        {"kind": "shelter", "name": "超容", "lon": unit.lon, "lat": unit.lat, "capacity": 10, "available": 20},
        format="json",
    )

    assert elsewhere.status_code == 400 and elsewhere.json()["field"] == "point"
    assert outside.status_code == 400 and outside.json()["field"] == "point"
    assert over.status_code == 400


def test_lists_are_cut_to_the_jurisdiction_and_phones_masked_by_role(unit, other_unit, api_as):
    mine = api_as(unit.street_op.username).get("/api/v1/militia/members?page_size=1000").json()["results"]
    assert mine and {m["org"] for m in mine} <= set(
        MilitiaOrg.objects.filter(location_code__startswith="320411001").values_list("pk", flat=True)
    )
    assert api_as(unit.street_op.username).get(f"/api/v1/militia/members/{other_unit.members[0].pk}").status_code == 404
    orgs = api_as(unit.street_op.username).get("/api/v1/militia/orgs?level=company&page_size=1000").json()["features"]
    assert other_unit.company.pk not in {f["id"] for f in orgs}
    analyst = api_as("analyst").get(f"/api/v1/militia/members/{unit.account.pk}").json()
    assert analyst["phone"] == unit.account.phone[:3] + "****" + unit.account.phone[-4:]
    assert api_as(unit.street_op.username).get(f"/api/v1/militia/members/{unit.account.pk}").json()["phone"] == (
        unit.account.phone
    )


def test_on_call_is_set_by_commanders_only(unit, api_as):
    member = unit.members[1]

    assert api_as("analyst").post(f"/api/v1/militia/members/{member.pk}/on-call", {"on_call": False}).status_code == 403
    r = api_as(unit.street_op.username).post(
        f"/api/v1/militia/members/{member.pk}/on-call", {"on_call": False}, format="json"
    )
    assert r.status_code == 200 and MilitiaMember.objects.get(pk=member.pk).on_call is False
