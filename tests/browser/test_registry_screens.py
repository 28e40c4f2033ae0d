"""The registry screens in a real browser: a grid worker opens a building of their grid (楼盘表),
sees who lives in a room and opens the person card; an operator finds a person by ID number and
sees their houses and visits, masked. Every such read lands in the access log."""

import pytest

from tests.browser.conftest import MapPage
from tests.registry.conftest import registry_sample  # noqa: F401  (the session's registry sample)

pytestmark = pytest.mark.browser
READY = 60_000


@pytest.fixture
def open_page(chromium, server_url):
    contexts = []

    def make(username, path, width=1440, height=900):
        from django.conf import settings

        context = chromium.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        contexts.append(context)
        page = MapPage(context.new_page(), server_url)
        page.page.goto(f"{server_url}/login/?next={path}")
        page.page.fill("input[name=username]", username)
        page.page.fill("input[name=password]", settings.DEMO_PASSWORD)
        page.page.click("button[type=submit]")
        page.page.wait_for_url(f"{server_url}{path}")
        return page

    yield make
    for context in contexts:
        context.close()


def _occupied_room(read_db, building_id):
    from registry.models import LIVING, Residence

    link = read_db(
        lambda: (
            Residence.objects.current()
            .filter(house__building_id=building_id, relation__in=LIVING)
            .select_related("person", "house")
            .order_by("house_id")
            .first()
        )
    )
    return link.house, link.person


def test_a_worker_sees_who_lives_where_and_opens_a_card(open_page, registry_sample, read_db, artifacts):  # noqa: F811
    from registry.identity import reveal
    from registry.models import PersonAccess

    building = registry_sample.building
    house, person = _occupied_room(read_db, building.pk)
    page = open_page("w0010010011", f"/registry/buildings/{building.pk}/")
    p = page.page

    p.wait_for_selector(f".rg-room[data-house='{house.pk}']", timeout=READY)
    assert p.locator("tr[data-floor]").count() == len(
        read_db(lambda: set(building.houses.values_list("floor", flat=True)))
    )
    p.click(f".rg-room[data-house='{house.pk}']")
    p.click(f".rg-resident[data-id='{person.pk}']")
    p.wait_for_selector(f"#rg-room[data-person='{person.pk}']", timeout=READY)
    p.screenshot(path=artifacts / "registry-building.png")

    card = p.locator("#rg-room").inner_text()
    assert person.name in card and reveal(person.id_cipher, person.id_hash) in card and house.address in card
    channels = set(
        read_db(lambda: list(PersonAccess.objects.filter(person_id=person.pk).values_list("channel", flat=True)))
    )
    assert {"building", "card"} <= channels
    assert page.errors == [] and page.non_local_requests() == []


def test_an_operator_finds_a_person_by_id_number(open_page, registry_sample, read_db, artifacts):  # noqa: F811
    from registry.identity import reveal
    from registry.models import Person

    person = read_db(
        lambda: (
            Person.objects.filter(location_code__startswith=registry_sample.own_grid).select_related("house").first()
        )
    )
    number = reveal(person.id_cipher, person.id_hash)
    page = open_page("street001", "/registry/")
    p = page.page

    p.wait_for_selector(".rg-person", timeout=READY)
    p.fill("input[name=q]", number)
    p.click(".rg-button")
    p.wait_for_function("() => document.querySelectorAll('.rg-person').length === 1", timeout=READY)
    p.click(".rg-person")
    p.wait_for_selector(f"#rg-card[data-person='{person.pk}']", timeout=READY)
    p.screenshot(path=artifacts / "registry-card.png")

    card = p.locator("#rg-card").inner_text()
    assert person.house.address in card and number[-4:] in card and number not in card  # masked for operators
    assert page.errors == []
