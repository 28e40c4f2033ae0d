"""A grid adjustment re-locates buildings, houses and people (grids.located), and the per-area counts
(registry.AreaCount, kept by triggers) follow: after a merge and after its revert, every area's
counts equal the rows located in it."""

import pytest
from django.db import connection

from grids.adjust.services import apply, preview, revert
from registry.models import Building, Person
from tests.grids.adjust_helpers import gis_admin

pytestmark = pytest.mark.django_db


def _neighbour(grid: str) -> str:
    """A grid of the same community sharing an edge with `grid`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT b.code FROM grids_grid a JOIN grids_grid b
                 ON b.community_id = a.community_id AND b.id <> a.id AND ST_Intersects(a.geom, b.geom)
               WHERE a.code = %s ORDER BY ST_Length(ST_Intersection(a.geom, b.geom)) DESC LIMIT 1""",
            [grid],
        )
        return cursor.fetchone()[0]


def _count_mismatches() -> list[tuple]:
    """(code, kept, actual) for every area whose kept counts differ from its rows."""
    with connection.cursor() as cursor:
        cursor.execute("""
            WITH actual AS (
              SELECT location_code, sum(b) AS buildings, sum(p) AS people FROM (
                SELECT location_code, 1 AS b, 0 AS p FROM registry_building
                UNION ALL SELECT location_code, 0, 1 FROM registry_person WHERE status = 'active') r
              GROUP BY 1)
            SELECT coalesce(a.location_code, k.location_code), coalesce(k.buildings, 0), coalesce(a.buildings, 0),
                   coalesce(k.people, 0), coalesce(a.people, 0)
            FROM actual a FULL JOIN registry_areacount k ON k.location_code = a.location_code
            WHERE coalesce(k.buildings, 0) <> coalesce(a.buildings, 0)
               OR coalesce(k.people, 0) <> coalesce(a.people, 0)""")
        return cursor.fetchall()


def test_counts_follow_a_merge_and_its_revert(sample):
    absorbed = sample.own_grid
    keep = _neighbour(absorbed)
    people = Person.objects.filter(location_code__startswith=absorbed).count()
    buildings = Building.objects.filter(location_code__startswith=absorbed).count()
    assert people and buildings and not _count_mismatches()

    adjustment = apply(gis_admin(), preview(gis_admin(), "merge", {"grids": [keep, absorbed], "keep": keep}).pk)

    assert not Person.objects.filter(location_code__startswith=absorbed).exists()
    assert Person.objects.filter(location_code__startswith=keep).count() >= people
    assert Building.objects.filter(location_code__startswith=keep).count() >= buildings
    assert not _count_mismatches()

    revert(gis_admin(), adjustment.pk)

    assert Person.objects.filter(location_code__startswith=absorbed).count() == people
    assert not _count_mismatches()
