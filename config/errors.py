"""Every 4xx of the API in one body shape (geo.api.errors): domain errors raised by services, and
DRF's own (validation, parse, authentication, permission, not found, throttling…). Unknown URLs
under /api/ and /tiles/ answer the same JSON instead of an HTML page. Every denial, of the API or
of a page, goes to the audit log."""

from django.db import transaction
from django.http import JsonResponse
from django.views.defaults import page_not_found, permission_denied
from rest_framework.response import Response
from rest_framework.views import set_rollback

from accounts import audit
from geo.api.errors import describe, error_body

__all__ = ["api_exception_handler", "not_found", "denied"]

_API_PREFIXES = ("/api/", "/tiles/")


def api_exception_handler(exc, context):
    described = describe(exc)
    if described is None:
        return None
    status, body, headers = described
    set_rollback()
    request = context.get("request")
    if status == 403 and request is not None:
        _audit_denial(request, body)
    return Response(body, status=status, headers=headers)


def _audit_denial(request, detail: dict) -> None:
    """Log a denial, unless the request's transaction is already doomed (the entry would be rolled
    back with it)."""
    if not transaction.get_connection().needs_rollback:
        audit.record(request, "permission.denied", outcome="denied", target=request.path[:200], detail=detail)


def denied(request, exception):
    """handler403: a page refused (PermissionDenied in a view) is logged like an API denial; JSON
    for API paths, Django's page elsewhere."""
    body = error_body(str(exception) or "没有权限 (permission denied)")
    _audit_denial(request, body)
    if request.path.startswith(_API_PREFIXES):
        return JsonResponse(body, status=403, json_dumps_params={"ensure_ascii": False})
    return permission_denied(request, exception)


def not_found(request, exception):
    """handler404: JSON for API paths, Django's page elsewhere."""
    if request.path.startswith(_API_PREFIXES):
        return JsonResponse(
            error_body(f"没有这个接口 (no such endpoint: {request.path})"),
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return page_not_found(request, exception)
