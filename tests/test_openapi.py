"""The OpenAPI document covers every API view without errors or warnings."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_schema_generates_cleanly(tmp_path, capsys):
    call_command("spectacular", "--file", str(tmp_path / "schema.yml"), "--validate", "--fail-on-warn")
    schema = (tmp_path / "schema.yml").read_text()
    for path in (
        "/api/v1/positions",
        "/api/v1/heat",
        "/api/v1/search",
        "/api/v1/workers/{username}/card",
        "/api/v1/duty/checkin",
        "/api/v1/events",
    ):
        assert f"{path}:" in schema
