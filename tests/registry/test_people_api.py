"""People through the API: search by ID number, name and phone; filters; masking per role; the
jurisdiction cut on every path; every read logged."""

import pytest

from registry.models import Channel, GroupMembership, Person, PersonAccess

PEOPLE = "/api/v1/people"
WORKER, LEADER = "w0010010011", "w0010010010"


@pytest.fixture
def new_log():
    """Access-log rows written since the test began (the log is append-only, and browser tests
    commit reads through their server)."""
    first = (PersonAccess.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    return lambda: PersonAccess.objects.filter(id__gte=first)


def logged(log, person, channel):
    return log().filter(person_id=person.pk, channel=channel).count()


def test_an_operator_finds_a_person_by_full_id_number(sample, person_in, id_number_of, api_as, new_log):
    person = person_in("own")

    r = api_as("street001").get(PEOPLE, {"q": id_number_of(person).lower(), "purpose": "核实身份"})

    assert r.status_code == 200, r.json()
    assert [p["id"] for p in r.json()["results"]] == [person.pk]
    assert new_log().get(person_id=person.pk, channel=Channel.SEARCH).purpose == "核实身份"


def test_name_prefix_and_phone_search(sample, person_in, api_as):
    person = Person.objects.filter(location_code__startswith=sample.own_grid).exclude(phone="").first()
    api = api_as(WORKER)

    by_name = api.get(PEOPLE, {"name": person.name[:1], "limit": 500}).json()["results"]
    by_phone = api.get(PEOPLE, {"q": person.phone}).json()["results"]

    assert person.pk in [p["id"] for p in by_name] and all(p["name"].startswith(person.name[:1]) for p in by_name)
    assert person.pk in [p["id"] for p in by_phone]


def test_list_by_grid_filtered_by_group_kind_and_level(sample, api_as):
    m = GroupMembership.objects.current().filter(location_code__startswith=sample.own_grid).first()

    rows = api_as(LEADER).get(PEOPLE, {"code": sample.own_grid, "group": m.kind.code, "level": m.level}).json()

    ids = [p["id"] for p in rows["results"]]
    assert m.person_id in ids
    expected = GroupMembership.objects.current().filter(
        kind=m.kind, level=m.level, location_code__startswith=sample.own_grid
    )
    assert set(ids) == set(expected.values_list("person_id", flat=True))


def test_masking_per_role(sample, person_in, id_number_of, api_as):
    person = Person.objects.filter(location_code__startswith=sample.own_grid).exclude(phone="").first()
    number = id_number_of(person)

    worker = api_as(WORKER).get(f"{PEOPLE}/{person.pk}").json()
    operator = api_as("street001").get(f"{PEOPLE}/{person.pk}").json()
    analyst = api_as("analyst").get(f"{PEOPLE}/{person.pk}").json()

    assert worker["id_number"] == number and worker["phone"] == person.phone and worker["masked"] is False
    assert operator["id_number"] == number[:3] + "*" * 11 + number[-4:]
    assert operator["phone"] == person.phone[:3] + "****" + person.phone[-4:] and operator["birth_date"] is None
    assert analyst["name"] == person.name[0] + "*" * (len(person.name) - 1) and analyst["id_number"] != number


def test_another_streets_people_are_invisible_by_every_path(sample, person_in, id_number_of, api_as, new_log):
    other = person_in("other")
    api = api_as("street001")

    assert api.get(f"{PEOPLE}/{other.pk}").status_code == 404
    assert api.get(f"{PEOPLE}/{other.pk}/card").status_code == 404
    assert api.get(PEOPLE, {"q": id_number_of(other)}).json()["results"] == []
    assert api.get(PEOPLE, {"code": sample.other_grid}).json()["results"] == []
    assert api.get(f"/api/v1/buildings/{sample.other_building.pk}/rooms").status_code == 404
    assert api.get(f"/api/v1/houses/{other.house_id}").status_code == 404
    export = api.get("/api/v1/people/export", {"format": "csv"}).content.decode("utf-8-sig")
    assert other.name not in export or id_number_of(other)[-4:] not in export
    assert not new_log().filter(person_id=other.pk).exists()


def test_every_read_path_is_logged(sample, person_in, api_as, new_log):
    person = person_in("own")
    api = api_as(WORKER)

    api.get(f"{PEOPLE}/{person.pk}")
    api.get(f"{PEOPLE}/{person.pk}/card")
    api.get(PEOPLE, {"house": person.house_id})
    api.get(f"/api/v1/buildings/{person.house.building_id}/rooms")
    api.get("/api/v1/people/export", {"format": "csv", "house": person.house_id})

    for channel in (Channel.DETAIL, Channel.CARD, Channel.LIST, Channel.BUILDING, Channel.EXPORT):
        assert logged(new_log, person, channel) == 1, channel
    row = new_log().filter(person_id=person.pk).first()
    assert row.username == WORKER and row.unmasked is True


def test_the_access_log_is_append_only_and_for_district_admins(sample, person_in, api_as, new_log):
    from django.db import ProgrammingError, transaction

    person = person_in("own")
    api_as(WORKER).get(f"{PEOPLE}/{person.pk}")

    assert api_as("street001").get("/api/v1/registry/access-log").status_code == 403
    rows = api_as("district").get("/api/v1/registry/access-log", {"person": person.pk}).json()["results"]
    assert rows[0]["username"] == WORKER and rows[0]["id"] == new_log().get().pk
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        PersonAccess.objects.filter(person_id=person.pk).delete()


def test_creating_a_person_checks_the_id_number(sample, api_as):
    house = sample.building.houses.first()
    api = api_as(WORKER)
    body = {"name": "测试人", "id_number": "11010519491231002X", "house": house.pk, "relation": "tenant"}

    bad = api.post(PEOPLE, {**body, "id_number": "110105194912310021"}, format="json")
    good = api.post(PEOPLE, body, format="json")
    again = api.post(PEOPLE, body, format="json")

    assert bad.status_code == 400 and bad.json()["field"] == "id_number" and "校验码" in bad.json()["detail"]
    assert good.status_code == 201 and good.json()["gender"] == "female" and good.json()["address"] == house.address
    assert again.status_code == 409


def test_id_numbers_are_never_stored_as_plain_text(sample, person_in, id_number_of):
    from django.db import connection

    person = person_in("own")
    number = id_number_of(person)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM registry_person WHERE row_to_json(registry_person)::text LIKE %s", [f"%{number}%"]
        )
        assert cursor.fetchone()[0] == 0
    assert bytes(person.id_hash) != number.encode() and number.encode() not in bytes(person.id_cipher)


def test_a_ciphertext_moved_to_another_row_does_not_decrypt(sample, person_in):
    from cryptography.exceptions import InvalidTag

    from registry.identity import reveal

    a, b = Person.objects.filter(location_code__startswith=sample.own_grid)[:2]
    with pytest.raises(InvalidTag):
        reveal(a.id_cipher, b.id_hash)


def test_the_public_cannot_read_people(sample, api_as, django_user_model):
    from rest_framework.test import APIClient

    from accounts.tokens import issue

    user = django_user_model.objects.create(username="citizen", role="public", jurisdiction_code=sample.own_grid)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue(user=user).key}")

    assert client.get(PEOPLE).status_code == 403
