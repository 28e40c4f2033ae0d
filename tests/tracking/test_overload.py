"""Failure on the lean intake path, with real servers: past capacity a fast 503 with Retry-After
(no traceback, no reset) and recovery once the load drops; PostgreSQL restarted under a fix load:
503 while it is down, recovery by itself, and every acknowledged fix stored."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.ops.standby import Standby
from tests.servers import serve_script, terminate_sessions
from tests.tracking.test_serving import fetch, osmand_url

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def committed(django_db_setup, django_db_blocker):
    from django.db import connection

    from tracking.models import Device

    with django_db_blocker.unblock():
        devices = list(
            Device.objects.select_related("user").filter(user__role="grid_worker", is_active=True).order_by("-id")[:30]
        )
        points = {d.pk: d.user.grid_memberships.first().grid.geom.point_on_surface for d in devices}
        settings_dict = dict(connection.settings_dict)
    yield {"devices": devices, "points": points, "settings": settings_dict}
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            ids = [d.pk for d in devices]
            cursor.execute("DELETE FROM tracking_position WHERE device_id = ANY(%s)", [ids])
            cursor.execute("DELETE FROM tracking_latestposition WHERE device_id = ANY(%s)", [ids])
            cursor.execute("DELETE FROM tracking_heat")
        terminate_sessions(settings_dict["NAME"])


def test_past_capacity_a_fast_503_with_retry_after_then_recovery(committed, django_db_blocker):
    from tracking.models import Position

    ARTIFACTS.mkdir(exist_ok=True)
    devices, points = committed["devices"], committed["points"]
    # A tiny queue and a slow gathering window make one process overload on purpose.
    env = {"INTAKE_MAX_PENDING": "4", "GROUP_COMMIT_WAIT_MS": "400", "GROUP_COMMIT_WRITERS": "1"}
    with serve_script(committed["settings"], ARTIFACTS / "overload.log", workers=1, **env) as (base, _):
        urls = [osmand_url(base, d, points[d.pk], 500) for d in devices]
        with ThreadPoolExecutor(len(urls)) as pool:
            answers = list(pool.map(lambda u: (time.perf_counter(), fetch(u), time.perf_counter()), urls))
        statuses = [a[1][0] for a in answers]
        assert set(statuses) <= {200, 503}, statuses  # no 500, and no reset (fetch would raise)
        shed = [a for a in answers if a[1][0] == 503]
        assert shed and statuses.count(200) >= 4
        for _, (_, headers, body), _ in shed:
            assert headers["Retry-After"] == "5" and b"retry later" in body
        # Shed at once: every refusal arrives before the first group (which waits 400 ms) is committed.
        first_commit = min(ended for _, (status, _, _), ended in answers if status == 200)
        assert max(ended for _, _, ended in shed) < first_commit
        with django_db_blocker.unblock():
            acknowledged = [d for d, s in zip(devices, statuses, strict=True) if s == 200]
            refused = [d for d, s in zip(devices, statuses, strict=True) if s == 503]
            assert Position.objects.filter(device__in=acknowledged, source="osmand").count() == len(acknowledged)
            assert not Position.objects.filter(device__in=refused, source="osmand").exists()
        # The load is gone: the refused fixes go through when their trackers retry.
        retried = [fetch(osmand_url(base, d, points[d.pk], 500))[0] for d in refused]
        assert retried == [200] * len(refused)
    log = (ARTIFACTS / "overload.log").read_text()
    assert "Traceback" not in log


@pytest.fixture
def private_database(committed):
    """A writable copy of the test database in a PostgreSQL cluster of its own (a promoted
    standby on a free port), which this test may stop and start without disturbing anyone."""
    cluster = Standby(committed["settings"]).start()
    cluster._run(cluster.pg_ctl, "-D", str(cluster.data), "-w", "promote")
    try:
        yield cluster
    finally:
        cluster.close()


def test_postgres_restarted_under_load_503_while_down_and_nothing_acknowledged_lost(committed, private_database):
    cluster = private_database
    settings_dict = {**committed["settings"], "HOST": "127.0.0.1", "PORT": cluster.port}
    device = committed["devices"][0]
    p = committed["points"][device.pk]
    answers: list[tuple[datetime, int]] = []
    stop = threading.Event()

    def tracker(base):
        start = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=3)
        i = 0
        while not stop.is_set():
            stamp = start + timedelta(seconds=i)
            url = f"{base}/osmand/?id={device.identifier}&timestamp={int(stamp.timestamp())}&lat={p.y}&lon={p.x}"
            answers.append((stamp, fetch(url)[0]))
            i += 1
            time.sleep(0.02)

    with serve_script(settings_dict, ARTIFACTS / "pg-restart.log", workers=1, DB_POOL_TIMEOUT="2") as (base, _):
        thread = threading.Thread(target=tracker, args=(base,))
        thread.start()
        try:
            time.sleep(2)
            cluster._run(cluster.pg_ctl, "-D", str(cluster.data), "-m", "immediate", "stop")
            time.sleep(4)
            cluster._run(cluster.pg_ctl, "-D", str(cluster.data), "-l", str(cluster.dir / "server.log"), "-w", "start")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not (len(answers) > 5 and answers[-1][1] == 200):
                time.sleep(0.5)
            time.sleep(1)
        finally:
            stop.set()
            thread.join()
    statuses = [s for _, s in answers]
    assert set(statuses) <= {200, 503}, statuses
    assert 503 in statuses, "the outage was noticed"
    assert statuses[-1] == 200, "recovered by itself"
    acknowledged = {stamp for stamp, s in answers if s == 200}
    with cluster.connect() as conn:
        rows = conn.execute("SELECT time FROM tracking_position WHERE device_id = %s", [device.pk]).fetchall()
    stored = {r[0] for r in rows}
    assert acknowledged <= stored, f"{len(acknowledged - stored)} acknowledged fixes lost"
