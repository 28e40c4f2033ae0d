"""Every 4xx of the API in one body shape (geo.api.errors): domain errors raised by services, and
DRF's own (validation, parse, authentication, permission, not found, throttling…). Unknown URLs
under /api/ and /tiles/ answer the same JSON instead of an HTML page."""

from django.db import transaction
from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework.response import Response
from rest_framework.views import set_rollback

from accounts import audit
from geo.api.errors import describe, error_body

__all__ = ["api_exception_handler", "not_found"]

_API_PREFIXES = ("/api/", "/tiles/")


def api_exception_handler(exc, context):
    described = describe(exc)
    if described is None:
        return None
    status, body, headers = described
    set_rollback()
    request = context.get("request")
    # Denials go to the audit log, unless the request's transaction is already doomed (the entry
    # would be rolled back with it).
    if status == 403 and request is not None and not transaction.get_connection().needs_rollback:
        audit.record(request, "permission.denied", outcome="denied", target=request.path[:200], detail=body)
    return Response(body, status=status, headers=headers)


def not_found(request, exception):
    """handler404: JSON for API paths, Django's page elsewhere."""
    if request.path.startswith(_API_PREFIXES):
        return JsonResponse(
            error_body(f"没有这个接口 (no such endpoint: {request.path})"),
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return page_not_found(request, exception)
