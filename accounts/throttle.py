"""Brute-force protection for every password check (login page, admin, token endpoint, OwnTracks
Basic auth): `check_password_login` is the one function those call. After
LOGIN_FAILURE_LIMIT wrong passwords for an account, or LOGIN_ADDRESS_FAILURE_LIMIT from one
address, within LOGIN_FAILURE_WINDOW seconds, further attempts are refused (429, `Retry-After`)
until the window has moved past them — even with the right password, so guessing cannot go on.
A success clears the account's failures. Counted in the database, so every server process sees
the same numbers."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone

from accounts import audit
from accounts.models import LoginFailure
from geo.errors import DomainError, Unauthenticated

__all__ = ["TooManyAttempts", "check_password_login", "client_address"]


class TooManyAttempts(DomainError):
    status_code = 429

    def __init__(self, seconds: int):
        super().__init__(
            f"登录失败次数过多，请 {seconds // 60 + 1} 分钟后再试 (too many failed logins; try again in {seconds} s)"
        )
        self.retry_after = seconds


def client_address(request) -> str | None:
    """The caller's address: REMOTE_ADDR (nginx in front sets it from the real client, see
    docs/security.md), or None without a request."""
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def _wait(queryset, limit: int, window: timedelta, now) -> int:
    times = list(queryset.filter(time__gt=now - window).order_by("-time").values_list("time", flat=True)[:limit])
    if len(times) < limit:
        return 0
    return max(1, int((times[-1] + window - now).total_seconds()))


def check_password_login(request, username: str, password: str, channel: str):
    """The user whose password this is; TooManyAttempts (429) while the account or the address is
    locked out; Unauthenticated (401) for a wrong one. Every outcome goes to the audit log."""
    now = timezone.now()
    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    address = client_address(request)
    wait = _wait(LoginFailure.objects.filter(username=username), settings.LOGIN_FAILURE_LIMIT, window, now)
    if address:
        by_address = LoginFailure.objects.filter(address=address)
        wait = max(wait, _wait(by_address, settings.LOGIN_ADDRESS_FAILURE_LIMIT, window, now))
    if wait:
        audit.record(request, "login.locked", outcome="denied", username=username, target=channel)
        raise TooManyAttempts(wait)
    user = authenticate(request, username=username, password=password)
    if user is None:
        LoginFailure.objects.create(username=username[:150], address=address)
        audit.record(request, "login.failed", outcome="denied", username=username, target=channel)
        raise Unauthenticated("用户名或密码错误 (invalid credentials)", field="password")
    LoginFailure.objects.filter(username=username).delete()
    audit.record(request, "login", user=user, target=channel)
    return user
