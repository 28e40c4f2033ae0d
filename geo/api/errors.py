"""The one error body of the API, for DRF views (through config.errors.api_exception_handler) and
plain Django views (tiles, tracker protocols) alike:

    {"detail": "lon: 请确保该值小于或者等于 180。", "field": "lon",
     "errors": [{"field": "lon", "message": "请确保该值小于或者等于 180。"}]}

`detail` is always there (Chinese by default, English with the `en` interface); `field` names what
to fix (`contact.phone` for a nested member, `attachments[2]` for a list item, `body` for the body
as a whole) and comes with `errors`, every problem of the input (one or more), first the one
`field` names. Errors that concern no field (401, 403, 404 of a URL) carry `detail` alone."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.settings import api_settings

from geo.errors import BadInput, DomainError, too_large

__all__ = [
    "error_body",
    "field_errors",
    "invalid_input",
    "describe",
    "error_response",
    "hostile_input_error",
    "too_deep",
]


def error_body(message, field: str | None = None, errors: list[dict] | None = None) -> dict:
    """`errors` comes with `field`: every problem, or the one `field` names."""
    body = {"detail": str(message)}
    if field:
        body["field"] = field
        body["errors"] = errors or [{"field": field, "message": str(message)}]
    return body


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def field_errors(detail, path: str = "") -> list[dict]:
    """A DRF error structure (dicts by field, lists of messages, lists by index) as a flat list of
    {"field": dotted name, "message"}; errors of the whole input are the field `body`."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            nested = path if key == api_settings.NON_FIELD_ERRORS_KEY else _join(path, key)
            out += field_errors(value, nested)
        return out
    if isinstance(detail, (list, tuple)):
        if all(isinstance(item, str) for item in detail):
            return [{"field": path or "body", "message": str(item)} for item in detail]
        out = []
        for index, item in enumerate(detail):
            if item:  # a list serializer reports an empty dict for each valid item
                out += field_errors(item, _join(path, index))
        return out
    return [{"field": path or "body", "message": str(detail)}]


def invalid_input(detail) -> BadInput:
    """A BadInput naming the first problem of a DRF error structure and carrying all of them."""
    errors = field_errors(detail) or [{"field": "body", "message": "无效的输入 (invalid input)"}]
    first = errors[0]
    return BadInput(f"{first['field']}: {first['message']}", field=first["field"], errors=errors)


def too_deep() -> BadInput:
    return BadInput("请求体嵌套过深 (the JSON body is nested too deeply)", field="body")


def hostile_input_error(exc) -> DomainError | None:
    """The 4xx for an exception only hostile input raises: JSON nested past the recursion limit,
    a date or number at the edge of what Python represents, a body over Django's memory limit."""
    if isinstance(exc, RecursionError):
        return too_deep()
    if isinstance(exc, OverflowError):
        return BadInput("数值或日期超出范围 (a number or date is out of range)", field="body")
    if isinstance(exc, RequestDataTooBig):
        return too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return None


def describe(exc) -> tuple[int, dict, dict] | None:
    """(status, body, headers) for a domain error or any of DRF's and Django's API exceptions;
    None for anything else (a bug: it becomes a 500)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        exc = invalid_input(exc.detail)
    exc = hostile_input_error(exc) or exc
    if isinstance(exc, DomainError):
        retry = getattr(exc, "retry_after", None)
        return exc.status_code, error_body(exc, exc.field, exc.errors), {"Retry-After": str(retry)} if retry else {}
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    field = "body" if isinstance(exc, (exceptions.ParseError, exceptions.UnsupportedMediaType)) else None
    detail = exc.detail
    if isinstance(detail, (dict, list)):
        errors = field_errors(detail)
        return exc.status_code, error_body(errors[0]["message"], field or errors[0]["field"], errors), headers
    return exc.status_code, error_body(detail, field), headers


def error_response(exc: DomainError) -> JsonResponse:
    """The error body as a plain Django response, for views outside DRF."""
    status, body, headers = describe(exc)
    return JsonResponse(body, status=status, headers=headers, json_dumps_params={"ensure_ascii": False})
