"""Saved queries: saved by name with checked parameters, listed for their owner only, run again."""

import pytest

from tests.analysis.analysis_support import STREET_1

pytestmark = pytest.mark.django_db


def test_save_list_rerun_and_isolation(api_as):
    client = api_as("analyst")
    params = {"layer": "places", "by": "community", "kind": "school", "area": STREET_1 + "000"}
    created = client.post(
        "/api/v1/query/saved", {"name": "街道学校", "operation": "aggregate", "params": params}, format="json"
    )
    assert created.status_code == 201, created.content
    saved = created.json()
    assert client.get("/api/v1/query/saved").json()[0]["name"] == "街道学校"
    again = client.post(
        "/api/v1/query/saved", {"name": "街道学校", "operation": "aggregate", "params": params}, format="json"
    )
    assert again.status_code == 409
    rerun = client.get(f"/api/v1/query/{saved['operation']}", saved["params"]).json()
    direct = client.get("/api/v1/query/aggregate", params).json()
    assert rerun["features"] == direct["features"]
    other = api_as(f"street{STREET_1[-3:]}")
    assert other.get("/api/v1/query/saved").json() == []
    assert other.get(f"/api/v1/query/saved/{saved['id']}").status_code == 404
    bad = client.post(
        "/api/v1/query/saved", {"name": "坏", "operation": "aggregate", "params": {"layer": "places"}}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "by"
    assert client.delete(f"/api/v1/query/saved/{saved['id']}").status_code == 204
    assert client.get("/api/v1/query/saved").json() == []
