"""Writing and reading the audit log (accounts.models.AuditEntry). Every app records through
`record`; district administrators read it through `entries` (the API and the /audit/ page).

Actions: `login`, `login.failed`, `login.locked`, `logout`, `token.create`, `token.revoke`,
`password.change`, `permission.denied`, `export`, `admin.change`, … (a dotted name, the app's
noun first)."""

from datetime import timedelta

import pgtrigger
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEntry

__all__ = ["record", "entries", "purge_expired", "can_read"]

AUDIT_ROLES = ("command_operator", "gis_admin")


def _address(request):
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def record(request, action: str, *, outcome: str = "ok", user=None, username: str = "", target="", detail=None):
    """Append one entry. `user` defaults to the request's authenticated user."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    return AuditEntry.objects.create(
        action=action,
        outcome=outcome,
        user_id=user.pk if user else None,
        username=(user.username if user else username)[:150],
        role=getattr(user, "role", "") or "",
        jurisdiction_code=getattr(user, "jurisdiction_code", "") or "",
        address=_address(request),
        target=str(target)[:200],
        detail=detail or {},
    )


def can_read(user) -> bool:
    """District administrators (a district jurisdiction, command centre or GIS admin) and staff."""
    if user.is_superuser:
        return True
    prefix = user.jurisdiction.prefix
    return user.role in AUDIT_ROLES and prefix is not None and len(prefix) <= 6


def entries(*, action=None, outcome=None, username=None, since=None, until=None):
    queryset = AuditEntry.objects.all()
    if action:
        queryset = queryset.filter(action__startswith=action)
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    if username:
        queryset = queryset.filter(username=username)
    if since:
        queryset = queryset.filter(time__gte=since)
    if until:
        queryset = queryset.filter(time__lt=until)
    return queryset


def purge_expired(now=None) -> int:
    """Delete entries (and counted login failures) older than AUDIT_RETENTION_DAYS; the only delete
    the append-only trigger lets through."""
    from accounts.models import LoginFailure

    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic(), pgtrigger.ignore("accounts.AuditEntry:append_only"):
        deleted, _ = AuditEntry.objects.filter(time__lt=cutoff).delete()
    LoginFailure.objects.filter(time__lt=cutoff).delete()
    return deleted
