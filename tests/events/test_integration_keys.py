"""Keys of other systems (issue 13, item 12): Open311 keys stored hashed, accepted only in the form
body, created and rotated by a command; a webhook for an unknown source answers 401 like a bad secret."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from events.integrations.models import IntegrationSource
from events.models import Event, Open311Client

pytestmark = pytest.mark.django_db


def _command(*args) -> str:
    out = StringIO()
    call_command("integration_key", *args, stdout=out)
    return out.getvalue().strip()


def _post(site, key, in_query=False):
    form = {"service_code": "ecology.noise", "lat": site.lat, "long": site.lon, "description": "噪音"}
    if in_query:
        return Client().post(f"/open311/v2/requests.json?api_key={key}", form)
    return Client().post("/open311/v2/requests.json", {**form, "api_key": key})


def test_an_open311_key_is_made_by_the_command_stored_hashed_and_rotated(site):
    key = _command("open311", "随手拍")
    client = Open311Client.objects.get(name="随手拍")
    assert key not in client.api_key and len(client.api_key) == 64
    assert _post(site, key).status_code == 200
    new = _command("open311", "随手拍", "--rotate")
    assert _post(site, key).status_code == 403 and _post(site, new).status_code == 200


def test_an_open311_key_in_the_query_string_is_not_accepted(site):
    _, key = Open311Client.issue("随手拍")
    assert _post(site, key, in_query=True).status_code == 403
    assert not Event.objects.filter(source="public").exists()


def test_a_webhook_secret_is_rotated_by_the_command():
    source = IntegrationSource.objects.create(code="hotline", name="热线")
    old = source.secret
    new = _command("webhook", "hotline", "--rotate")
    source.refresh_from_db()
    assert source.secret == new != old
