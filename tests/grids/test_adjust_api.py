"""/api/v1/adjustments, /grids/{code}/history, ?as_of= and /chain/{old code} through HTTP."""

import pytest
from django.utils import timezone

from grids.models import Grid, MicroGrid
from tests.grids.adjust_helpers import adjacent_grids

pytestmark = pytest.mark.django_db

URL = "/api/v1/adjustments"


def test_merge_through_the_api_preview_apply_history_as_of_chain_and_revert(api_as):
    api = api_as("gisadmin")
    keep, other = adjacent_grids()
    day_before = (timezone.now() - timezone.timedelta(days=1)).date().isoformat()

    made = api.post(URL, {"op": "merge", "grids": [keep, other], "keep": keep, "reason": "年度调整"}, format="json")

    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["status"] == "preview"
    assert body["preview"]["counts"]["places"] >= 0
    assert any(m["old"] == other and m["new"] == keep for m in body["preview"]["code_map"])
    assert Grid.objects.filter(code=other).exists()

    applied = api.post(f"{URL}/{body['id']}/apply")
    assert applied.status_code == 200, applied.json()
    assert applied.json()["status"] == "applied"

    listed = api.get(URL, {"grid": other}).json()["results"]
    assert [a["id"] for a in listed] == [body["id"]]
    assert listed[0]["author"] == "gisadmin" and listed[0]["reason"] == "年度调整"

    history = api.get(f"/api/v1/grids/{other}/history").json()
    assert history["versions"][-1]["valid_to"] is not None
    assert history["became"][0]["to"] == keep

    then = api.get("/api/v1/grids", {"as_of": day_before}).json()
    assert other in {f["properties"]["code"] for f in then["features"]}
    now = api.get("/api/v1/grids", {"as_of": timezone.now().isoformat()}).json()
    assert other not in {f["properties"]["code"] for f in now["features"]}
    micro_then = api.get("/api/v1/microgrids", {"as_of": day_before}).json()
    assert any(f["properties"]["grid"] == other for f in micro_then["features"])

    chain = api.get(f"/api/v1/chain/{other}").json()
    assert chain["became"][0]["to"] == keep
    assert chain["chain"][-1]["code"] == keep

    assert api.post(f"{URL}/{body['id']}/apply").status_code == 409
    reverted = api.post(f"{URL}/{body['id']}/revert")
    assert reverted.status_code == 200 and reverted.json()["status"] == "reverted"
    assert Grid.objects.filter(code=other).exists()


def test_a_line_that_misses_the_grid_is_400_naming_the_code_and_the_geometry(api_as):
    grid = Grid.objects.order_by("code").first()
    line = {"type": "LineString", "coordinates": [[121.5, 31.0], [121.6, 31.1]]}

    response = api_as("gisadmin").post(URL, {"op": "split", "grid": grid.code, "line": line}, format="json")

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "line" and error["code"] == grid.code
    assert error["geometry"]["type"] == "LineString"


def test_bad_input_unknown_codes_roles_and_stale_previews(api_as):
    api = api_as("gisadmin")
    keep, other = adjacent_grids()

    missing = api.post(URL, {"op": "merge", "grids": [keep, other]}, format="json")
    assert missing.status_code == 400 and missing.json()["field"] == "keep"
    unknown = api.post(URL, {"op": "merge", "grids": [keep, "320411999999999"], "keep": keep}, format="json")
    assert unknown.status_code == 404
    assert (
        api.post(URL, {"op": "migrate", "micro_grids": ["320411999999999999"], "to": keep}, format="json").status_code
        == 404
    )
    assert (
        api_as("street001").post(URL, {"op": "merge", "grids": [keep, other], "keep": keep}, format="json").status_code
        == 403
    )
    assert api_as("street001").get(URL).status_code == 403

    made = api.post(URL, {"op": "merge", "grids": [keep, other], "keep": keep}, format="json").json()
    micro = MicroGrid.objects.filter(grid__code=other).first()
    MicroGrid.objects.filter(pk=micro.pk).update(name="别名")
    stale = api.post(f"{URL}/{made['id']}/apply")
    assert stale.status_code == 409
    assert micro.code in stale.json()["detail"]
