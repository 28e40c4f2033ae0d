"""/healthz stays dependency-free; /readyz names the failing part: PostgreSQL, Redis (when the
channel layer uses it) and the job worker's heartbeat — with a real `procrastinate worker` process."""

import os
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.servers import ROOT, RedisServer, database_url

pytestmark = pytest.mark.django_db


def test_healthz_needs_nothing(client):
    assert client.get("/healthz").content == b"ok"


def test_readyz_is_503_naming_the_worker_when_none_runs(client):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["failing"] == ["worker"] and body["checks"]["database"] == "ok"
    assert "redis" not in body["checks"]  # no REDIS_URL: the in-memory channel layer


def test_readyz_checks_redis_when_configured(client, settings):
    redis = RedisServer().start()
    try:
        settings.REDIS_URL = redis.url
        assert client.get("/readyz").json()["checks"]["redis"] == "ok"
        redis.stop()
        body = client.get("/readyz").json()
        assert "redis" in body["failing"] and "Redis" in body["checks"]["redis"]
    finally:
        redis.close()


def _worker_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_workers")
        return cursor.fetchone()[0]


@pytest.mark.slow
def test_readyz_is_ready_while_a_real_worker_beats(client, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict)}
    env.pop("TEST_DATABASE_NAME", None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_jobs")
        last_job = cursor.fetchone()[0]
    # A queue no task uses: the worker runs nothing; its periodic deferrer still queues jobs (removed below).
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "ops-readiness-probe"],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while _worker_rows() == 0:
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, "the worker never registered"
            time.sleep(0.2)
        response = client.get("/readyz")
        assert response.status_code == 200 and response.json()["checks"]["worker"] == "ok"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        with connection.cursor() as cursor:  # the worker committed these; this test's transaction did not
            cursor.execute("DELETE FROM procrastinate_periodic_defers WHERE job_id > %s", [last_job])
            cursor.execute("DELETE FROM procrastinate_jobs WHERE id > %s", [last_job])
    assert _worker_rows() == 0  # a stopped worker unregisters
    assert client.get("/readyz").json()["failing"] == ["worker"]
