"""A small registry sample, generated once per session by the demo generator (COPY, as the million
is loaded) into one grid of street 001 and one of street 002: ~70 buildings, ~500 houses, ~1,200
people, a few dozen group members. Tests run in transactions on top of it."""

from types import SimpleNamespace

import pytest

OWN_GRID = "320411001001001"  # demo worker w0010010011, leader w0010010010
OTHER_GRID = "320411002001001"  # street 002: invisible to street001 and the worker above


@pytest.fixture(scope="session")
def registry_sample(django_db_setup, django_db_blocker):
    from registry.demo.load import load_registry_demo
    from registry.models import Building, Person

    with django_db_blocker.unblock():
        if not Person.objects.filter(location_code__startswith=OWN_GRID).exists():
            load_registry_demo(buildings=40, within=OWN_GRID, seed=1, log=lambda _: None)
            load_registry_demo(buildings=25, within=OTHER_GRID, seed=2, log=lambda _: None)
        own = Building.objects.filter(location_code__startswith=OWN_GRID, kind="residential", floors__gte=6).first()
        other = Building.objects.filter(location_code__startswith=OTHER_GRID).first()
    return SimpleNamespace(own_grid=OWN_GRID, other_grid=OTHER_GRID, building=own, other_building=other)


@pytest.fixture
def sample(registry_sample, db):
    return registry_sample


@pytest.fixture
def person_in(sample):
    """A living person in a grid: person_in("own") / person_in("other")."""
    from registry.models import Person

    def pick(which="own"):
        code = sample.own_grid if which == "own" else sample.other_grid
        return Person.objects.filter(location_code__startswith=code, house__isnull=False).order_by("id").first()

    return pick


@pytest.fixture
def id_number_of():
    from registry.identity import reveal

    return lambda person: reveal(person.id_cipher, person.id_hash)
