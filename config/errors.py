"""Turns domain errors into clean API responses: a JSON body that names the field or row."""

from rest_framework.response import Response
from rest_framework.views import exception_handler

from geo.errors import DomainError


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": str(exc)}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status_code)
    return exception_handler(exc, context)
