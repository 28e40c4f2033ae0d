"""Accounts and tokens (issue 13, items 1, 3, 4): brute-force limits on every password check,
tokens that expire and can be revoked, password change with the password rules, and GPX uploads
for someone else only by roles that may act for others, each upload recording its uploader."""

import base64
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, AuditEntry, User
from accounts.tokens import issue
from grids.models import GridMember
from tracking.models import UploadBatch

pytestmark = pytest.mark.django_db
PASSWORD = settings.DEMO_PASSWORD


def login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/api/v1/auth/token", {"username": username, "password": password}, format="json", REMOTE_ADDR=address
    )


def test_wrong_passwords_lock_the_account_then_even_the_right_one_is_429(settings):
    api = APIClient()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert login(api, "street001", "wrong").status_code == 401
    locked = login(api, "street001", PASSWORD)
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    assert locked.json()["detail"]
    assert login(api, "street002", PASSWORD).status_code == 200  # another account is not locked
    actions = list(AuditEntry.objects.filter(username="street001").values_list("action", flat=True))
    assert actions.count("login.failed") == settings.LOGIN_FAILURE_LIMIT and "login.locked" in actions


def test_the_lock_ends_with_the_window(settings):
    api = APIClient()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        login(api, "street001", "wrong")
    from accounts.models import LoginFailure

    LoginFailure.objects.update(time=timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW + 1))
    assert login(api, "street001", PASSWORD).status_code == 200


def test_one_address_guessing_many_accounts_is_locked_out(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    api = APIClient()
    for name in ("street001", "street002", "district"):
        assert login(api, name, "wrong", address="10.9.9.9").status_code == 401
    assert login(api, "analyst", PASSWORD, address="10.9.9.9").status_code == 429
    assert login(api, "analyst", PASSWORD, address="10.9.9.8").status_code == 200


def test_the_login_page_and_owntracks_count_too(settings):
    page = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        page.post("/login/", {"username": "street001", "password": "wrong"})
    response = page.post("/login/", {"username": "street001", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in page.session  # not logged in
    assert "too many failed logins" in response.content.decode() or "次数过多" in response.content.decode()

    basic = base64.b64encode(f"street001:{PASSWORD}".encode()).decode()
    owntracks = Client().post(
        "/owntracks/",
        '{"_type": "location", "lat": 31.9, "lon": 119.9, "tst": 1764000000}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert owntracks.status_code == 429


def test_a_token_expires_and_can_be_revoked_by_its_owner():
    user = User.objects.get(username="street001")
    token = issue(user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me").status_code == 200
    assert api.delete("/api/v1/auth/token").status_code == 204
    assert api.get("/api/v1/me").status_code == 401

    old = issue(user)
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    api.credentials(HTTP_AUTHORIZATION=f"Token {old.key}")
    assert api.get("/api/v1/me").status_code == 401
    assert not ApiToken.objects.filter(digest=token.key).exists()  # only a digest is stored


def test_tokens_are_listed_and_revoked_own_or_by_an_admin(api_as):
    worker = User.objects.get(username="street001")
    mine, theirs = issue(worker, name="phone"), issue(User.objects.get(username="street002"))
    own = APIClient()
    own.credentials(HTTP_AUTHORIZATION=f"Token {mine.key}")
    listed = own.get("/api/v1/auth/tokens").json()
    assert {t["name"] for t in listed} >= {"phone"} and all(t["username"] == "street001" for t in listed)
    assert "token" not in listed[0]
    assert own.get("/api/v1/auth/tokens", {"user": "street002"}).status_code == 403
    assert own.delete(f"/api/v1/auth/tokens/{theirs.pk}").status_code == 404
    admin = api_as("district")
    assert admin.delete(f"/api/v1/auth/tokens/{theirs.pk}").status_code == 204
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is not None
    assert AuditEntry.objects.filter(action="token.revoke", username="district").exists()


def test_logout_revokes_the_users_tokens():
    user = User.objects.get(username="street001")
    token = issue(user)
    page = Client()
    page.force_login(user)
    page.post("/logout/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_password_change_applies_the_rules_and_ends_other_tokens():
    user = User.objects.get(username="street001")
    current, other = issue(user), issue(user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {current.key}")
    weak = api.post("/api/v1/auth/password", {"old_password": PASSWORD, "new_password": "12345678"}, format="json")
    assert weak.status_code == 400 and weak.json()["field"] == "new_password"
    wrong = api.post("/api/v1/auth/password", {"old_password": "x", "new_password": "Qk7#wangge-2027"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["field"] == "old_password"
    ok = api.post("/api/v1/auth/password", {"old_password": PASSWORD, "new_password": "Qk7#wangge-2027"}, format="json")
    assert ok.status_code == 204
    user.refresh_from_db()
    assert user.check_password("Qk7#wangge-2027")
    assert api.get("/api/v1/me").status_code == 200
    assert ApiToken.objects.get(pk=other.pk).revoked_at is not None


def test_the_password_page_works_for_any_user():
    user = User.objects.get(username="street001")
    page = Client()
    page.force_login(user)
    assert page.get("/password/").status_code == 200
    response = page.post(
        "/password/", {"old_password": PASSWORD, "new_password1": "Qk7#wangge-2027", "new_password2": "Qk7#wangge-2027"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Qk7#wangge-2027")


GPX = b"""<gpx><trk><trkseg><trkpt lat="31.93" lon="119.95"><time>%s</time></trkpt></trkseg></trk></gpx>"""


def _gpx():
    stamp = (timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return SimpleUploadedFile("t.gpx", GPX % stamp, content_type="application/gpx+xml")


def test_a_grid_worker_cannot_upload_positions_for_their_leader(api_as):
    member = GridMember.objects.filter(role="worker").select_related("user", "grid").first()
    leader = GridMember.objects.get(grid=member.grid, role="leader").user
    response = api_as(member.user.username).post("/api/v1/positions/gpx", {"file": _gpx(), "user": leader.username})
    assert response.status_code == 403 and response.json()["field"] == "user"
    assert not UploadBatch.objects.exists()


def test_a_leader_uploads_for_a_worker_and_the_uploader_is_recorded(api_as):
    member = GridMember.objects.filter(role="worker").select_related("user", "grid").first()
    leader = GridMember.objects.get(grid=member.grid, role="leader").user
    response = api_as(leader.username).post("/api/v1/positions/gpx", {"file": _gpx(), "user": member.user.username})
    assert response.status_code == 200, response.content
    batch = UploadBatch.objects.get()
    assert (batch.uploader, batch.device.user, batch.accepted) == (leader, member.user, 1)
