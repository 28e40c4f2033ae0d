"""Root fixtures. The test database is PostGIS, migrated, with the demo district loaded once per
session (generated deterministically, ~10 s); each test runs in a transaction on top of it."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from grids.locate import reset_indexes


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        if not name.startswith("test_"):  # never write test fixtures into a working database
            raise RuntimeError(f"tests are connected to {name!r}, not a test database")
        call_command("load_demo", verbosity=0)
    reset_indexes()


@pytest.fixture
def api_as(db):
    """`api_as("street001")` → an APIClient authenticated with that demo user's token."""
    from accounts.models import User
    from accounts.tokens import issue

    def make(username):
        user = User.objects.get(username=username)
        token = issue(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
