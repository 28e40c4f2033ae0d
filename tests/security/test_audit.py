"""The audit log (issue 13): append-only, written by logins, tokens, permission denials, exports
and admin changes, read and filtered by district administrators only, purged past retention."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import DatabaseError, transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.audit import purge_expired
from accounts.models import AuditEntry, User

pytestmark = pytest.mark.django_db


def test_a_login_and_its_token_are_in_the_log_and_readable_by_the_district(api_as):
    APIClient().post("/api/v1/auth/token", {"username": "street001", "password": "nope"}, format="json")
    APIClient().post("/api/v1/auth/token", {"username": "street001", "password": settings.DEMO_PASSWORD}, format="json")
    rows = api_as("district").get("/api/v1/audit", {"user": "street001"}).json()
    assert [r["action"] for r in rows][:3] == ["token.create", "login", "login.failed"]
    failed = api_as("district").get("/api/v1/audit", {"action": "login", "outcome": "denied"}).json()
    assert failed and all(r["outcome"] == "denied" and r["action"].startswith("login") for r in failed)


def test_a_street_operator_may_not_read_it_and_the_denial_is_logged(api_as):
    assert api_as("street001").get("/api/v1/audit").status_code == 403
    assert AuditEntry.objects.filter(action="permission.denied", username="street001").exists()


def test_another_403_of_the_api_is_logged_too(api_as):
    response = api_as("street001").get("/api/v1/auth/tokens", {"user": "district"})
    assert response.status_code == 403
    entry = AuditEntry.objects.filter(action="permission.denied", username="street001").latest("time")
    assert entry.target == "/api/v1/auth/tokens"


def test_entries_cannot_be_changed_or_deleted_but_retention_removes_old_ones():
    entry = AuditEntry.objects.create(action="login", username="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(username="y")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert purge_expired(now=timezone.now() + timedelta(days=settings.AUDIT_RETENTION_DAYS + 1)) >= 1
    assert not AuditEntry.objects.filter(pk=entry.pk).exists()


def test_an_admin_change_is_in_the_log():
    admin = User.objects.get(username="district")
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    page = Client()
    page.force_login(admin)
    assert page.post("/admin/auth/group/add/", {"name": "巡查组"}).status_code == 302
    entry = AuditEntry.objects.get(action="admin.change", username="district")
    assert entry.detail["action"] == "add" and "巡查组" in entry.target


def test_a_page_refused_is_logged_too():
    worker = Client()
    worker.force_login(User.objects.get(username="w0010010011"))

    assert worker.get("/analysis/").status_code == 403

    entry = AuditEntry.objects.filter(action="permission.denied", username="w0010010011").latest("time")
    assert entry.target == "/analysis/" and entry.outcome == "denied"
