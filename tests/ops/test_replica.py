"""Read replicas against a real streaming standby of the test server (tests/ops/standby.py): the
views that opt in read the standby, a client that wrote reads the primary, writes always go to the
primary, and a lagging or stopped standby is not read."""

import re
import time

import psycopg
import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from rest_framework.test import APIClient

from events.services import report_event
from events.stats import event_stats
from geo.jurisdiction import Jurisdiction
from grids.models import Grid, GridMember, Place, PlaceKind
from grids.versions import layer_version
from ops import conf, context, replica
from ops.middleware import PIN_COOKIE
from tests.ops.standby import Standby

pytestmark = [pytest.mark.slow, pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, replica.REPLICA])]


@pytest.fixture(scope="module")
def standby(django_db_setup, django_db_blocker):
    """The standby, and a `replica` database alias pointing at it (as DATABASE_REPLICA_URL would)."""
    server = Standby(dict(connection.settings_dict))
    try:
        server.start()
        connections.settings[replica.REPLICA] = {
            **connection.settings_dict,
            "HOST": "127.0.0.1",
            "PORT": server.port,
            "OPTIONS": {},
            "TEST": {**connection.settings_dict["TEST"], "MIRROR": DEFAULT_DB_ALIAS},
        }
        yield server
    finally:
        if replica.REPLICA in connections.settings:
            connections[replica.REPLICA].close()
            del connections[replica.REPLICA]
            del connections.settings[replica.REPLICA]
        server.close()


@pytest.fixture
def probe(standby):
    """A table committed on the primary, dropped afterwards."""
    with standby._primary() as conn:
        conn.execute("CREATE TABLE ops_replica_probe (id int PRIMARY KEY)")
    yield
    with standby._primary() as conn:
        conn.execute("DROP TABLE ops_replica_probe")


def test_the_standby_streams_from_the_test_server_and_is_read_only(standby, probe):
    with standby._primary() as conn:
        conn.execute("INSERT INTO ops_replica_probe VALUES (1), (2)")
    standby.wait_until_caught_up()
    with standby.connect() as conn:
        assert conn.execute("SELECT pg_is_in_recovery(), count(*) FROM ops_replica_probe").fetchone() == (True, 2)
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("INSERT INTO ops_replica_probe VALUES (3)")


def _new_place():
    """A place written in this test's transaction: the primary's connection sees it, the standby never."""
    grid = Grid.objects.order_by("code").first()
    point = grid.geom.point_on_surface
    return Place.objects.create(kind=PlaceKind.FACILITY, name="只在主库", geom=point, point=point, grid=grid)


def test_orm_reads_in_a_replica_scope_go_to_the_standby_until_a_write(standby):
    place = _new_place()
    assert Place.objects.filter(pk=place.pk).exists()  # outside a scope: the primary
    with replica.replica_reads():
        assert replica.read_alias() == replica.REPLICA
        assert not Place.objects.filter(pk=place.pk).exists()  # the standby does not have it
        other = Place.objects.exclude(pk=place.pk).order_by("id").first()
        assert other._state.db == replica.REPLICA
        other.name = "改名"
        other.save()  # a row read from the standby is written to the primary …
        assert replica.read_alias() == DEFAULT_DB_ALIAS  # … and this context now reads the primary
        assert Place.objects.filter(pk=place.pk).exists()
    assert Place.objects.get(pk=other.pk).name == "改名"


def test_tiles_and_statistics_read_the_standby_unless_the_client_just_wrote(standby):
    grid = Grid.objects.filter(code__startswith="320411001").order_by("code").first()
    worker = GridMember.objects.filter(grid=grid, role="worker").first().user
    p = grid.micro_grids.order_by("code").first().geom.point_on_surface
    report_event(title="积水", description="", category="dispute.neighbour", lon=p.x, lat=p.y, reporter=worker)
    _new_place()
    on_primary = event_stats(Jurisdiction("320411"))["total"]
    client = APIClient()
    client.login(username="district", password="wangge-demo-2026")

    stats = client.get("/api/v1/events/stats").json()
    assert stats["total"] == on_primary - 1  # the standby has not seen this transaction's event
    tile = client.get("/tiles/places/12/3413/1665.pbf")
    version = int(re.search(r"places-(\d+)-", tile["ETag"])[1])
    assert version < layer_version("place")  # read outside a scope: the primary's newer version

    client.cookies[PIN_COOKIE] = "1"  # what a write answer sets: read your own writes
    assert client.get("/api/v1/events/stats").json()["total"] == on_primary


def test_a_write_request_sets_the_pin_cookie(standby):
    client = APIClient()
    client.login(username="district", password="wangge-demo-2026")
    response = client.post("/api/v1/positions", [], format="json")
    assert response.status_code == 200 and response.cookies[PIN_COOKIE]["max-age"] == conf.REPLICA_PIN_SECONDS
    assert PIN_COOKIE not in client.get("/api/v1/events/stats").cookies


def test_a_lagging_standby_is_not_read(standby, probe, monkeypatch):
    monkeypatch.setattr(conf, "REPLICA_MAX_LAG_SECONDS", 0.0)
    with standby.connect() as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
        try:
            with standby._primary() as primary:
                primary.execute("INSERT INTO ops_replica_probe VALUES (1)")
            deadline = time.monotonic() + 60
            while conn.execute("SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()").fetchone()[0]:
                assert time.monotonic() < deadline, "the standby received nothing"
                time.sleep(0.1)
            assert not replica.refresh()
            with context.bound(context.RequestContext(id="t")), replica.replica_reads():
                assert replica.read_alias() == DEFAULT_DB_ALIAS
        finally:
            conn.execute("SELECT pg_wal_replay_resume()")
    standby.wait_until_caught_up()
    # Usable again once it has replayed what it received: other writers on the shared cluster
    # (jobs, autovacuum) may add WAL meanwhile, so the check is repeated for a few seconds.
    deadline = time.monotonic() + 15
    while not replica.refresh():
        assert time.monotonic() < deadline, "the standby stayed behind after catching up"
        time.sleep(0.2)


def test_a_stopped_standby_is_not_read(standby):
    standby.stop()
    assert not replica.refresh()
    with replica.replica_reads():
        assert replica.read_alias() == DEFAULT_DB_ALIAS
        assert Place.objects.exists()
