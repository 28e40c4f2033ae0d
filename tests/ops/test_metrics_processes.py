"""Prometheus multiprocess mode with real servers: two daphne processes sharing
PROMETHEUS_MULTIPROC_DIR (as scripts/serve.sh runs them); a scrape of either adds up both."""

import urllib.request

import pytest
from django.db import connection

from tests.ops.conftest import sample
from tests.servers import daphne, terminate_sessions

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def test_a_scrape_of_one_process_counts_the_requests_of_both(tmp_path):
    shared = tmp_path / "prometheus"
    shared.mkdir()
    env = {"PROMETHEUS_MULTIPROC_DIR": str(shared)}
    try:
        with (
            daphne(connection.settings_dict, tmp_path / "a.log", **env) as a,
            daphne(connection.settings_dict, tmp_path / "b.log", **env) as b,
        ):
            before = sample(_get(f"{a}/metrics"), "wangge_http_requests_total", route="healthz", status="200")
            for _ in range(3):
                _get(f"{a}/healthz")
            for _ in range(2):
                _get(f"{b}/healthz")
            after = sample(_get(f"{b}/metrics"), "wangge_http_requests_total", route="healthz", status="200")
            assert after - before == 5
            assert len(list(shared.glob("counter_*.db"))) >= 2  # one file per process
    finally:
        terminate_sessions(connection.settings_dict["NAME"])
