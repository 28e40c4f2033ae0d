"""Transfers keep history and move the counts; the warning job raises and resolves; visits to people."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from registry.models import AreaCount, GroupKind, GroupMembership, RuleKind, Transfer, Warning
from registry.services.alerts import scan_warnings

WORKER = "w0010010011"


def people_at(code):
    return sum(AreaCount.objects.filter(location_code__startswith=code).values_list("people", flat=True))


def test_a_move_across_streets_keeps_history_and_moves_the_counts(sample, person_in, api_as):
    person = person_in("own")
    to_house = sample.other_building.houses.first()
    before_own, before_other = people_at(sample.own_grid), people_at(sample.other_grid)

    r = api_as("district").post(
        f"/api/v1/people/{person.pk}/move", {"to_house": to_house.pk, "reason": "购房"}, format="json"
    )

    assert r.status_code == 201, r.json()
    assert r.json()["kind"] == "across_streets"
    person.refresh_from_db()
    assert person.house_id == to_house.pk and person.location_code == to_house.location_code
    assert person.residences.filter(until__isnull=False).exists()
    assert person.history.filter(pgh_label="update").exists()
    assert (people_at(sample.own_grid), people_at(sample.other_grid)) == (before_own - 1, before_other + 1)
    transfer = Transfer.objects.get(person=person)
    assert transfer.from_code.startswith(sample.own_grid) and transfer.to_code.startswith(sample.other_grid)


def test_a_worker_cannot_move_someone_into_another_street(sample, person_in, api_as):
    person = person_in("own")

    r = api_as(WORKER).post(
        f"/api/v1/people/{person.pk}/move", {"to_house": sample.other_building.houses.first().pk}, format="json"
    )

    assert r.status_code == 404 and r.json()["field"] == "house"


def test_transfers_are_append_only(sample, person_in, api_as):
    from django.db import ProgrammingError, transaction

    person = person_in("own")
    api_as(WORKER).post(f"/api/v1/people/{person.pk}/move", {"to_house": None}, format="json")

    with pytest.raises(ProgrammingError), transaction.atomic():
        Transfer.objects.filter(person=person).delete()


@pytest.fixture
def overdue_member(sample, person_in):
    person = person_in("own")
    kind = GroupKind.objects.get(code="community_correction")
    return GroupMembership.objects.create(
        person=person,
        kind=kind,
        level="red",
        visit_every_days=7,
        since=date.today() - timedelta(days=30),
        location_code=person.location_code,
    )


def test_the_job_raises_an_overdue_visit_warning_once_and_resolves_it_after_a_visit(overdue_member):
    from accounts.models import User
    from tracking.models import Visit

    now = timezone.now()
    scan_warnings(now)
    scan_warnings(now)

    warning = Warning.objects.open().get(kind=RuleKind.VISIT_OVERDUE, person=overdue_member.person)
    assert warning.sensitive and "社区矫正" in warning.message
    Visit.objects.create(
        user=User.objects.get(username=WORKER),
        target_kind="house",
        target_id=overdue_member.person.house_id,
        time=now,
        accepted=True,
        location_code=overdue_member.location_code,
    )
    scan_warnings(now)

    warning.refresh_from_db()
    assert warning.resolved_at == now


def test_special_group_warnings_are_hidden_from_roles_that_may_not_see_them(overdue_member, api_as):
    scan_warnings()

    analyst = api_as("analyst").get("/api/v1/warnings", {"kind": "visit_overdue", "code": overdue_member.location_code})
    worker = api_as(WORKER).get("/api/v1/warnings", {"kind": "visit_overdue", "code": overdue_member.location_code})

    assert overdue_member.person_id not in [w["person_id"] for w in analyst.json()["results"]]
    assert overdue_member.person_id in [w["person_id"] for w in worker.json()["results"]]


def test_an_expired_rental_raises_a_warning(sample):
    house = sample.building.houses.first()
    house.use, house.rent_from, house.rent_until = "rented", date(2020, 1, 1), date(2021, 1, 1)
    house.save()

    scan_warnings()

    assert Warning.objects.open().filter(kind=RuleKind.RENTAL_EXPIRED, house=house).exists()


def test_a_visit_to_a_person_is_recorded_against_their_home(sample, person_in, api_as):
    person = person_in("own")

    r = api_as(WORKER).post(
        "/api/v1/visits", {"target_kind": "person", "target_id": person.pk, "note": "走访"}, format="json"
    )
    other = api_as(WORKER).post(
        "/api/v1/visits", {"target_kind": "person", "target_id": person_in("other").pk}, format="json"
    )
    unknown = api_as(WORKER).post("/api/v1/visits", {"target_kind": "dog", "target_id": 1}, format="json")

    assert r.status_code == 201, r.json()
    assert r.json()["target_kind"] == "person" and r.json()["place"] is None and r.json()["place_name"] == person.name
    assert other.status_code == 404 and other.json()["field"] == "target_id"
    assert unknown.status_code == 400 and unknown.json()["field"] == "target_kind"
    card = api_as(WORKER).get(f"/api/v1/people/{person.pk}/card").json()
    assert card["visits"][0]["kind"] == "person" and card["visits"][0]["note"] == "走访"
