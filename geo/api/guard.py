"""The first check of every request, before any view, parser or database sees it: hostile input
answers a JSON 4xx naming what to fix instead of a traceback.

- a control character (geo.api.text.CONTROL) in the path, a header, a query parameter, a form
  field or a JSON string → 400 naming it;
- a body over DATA_UPLOAD_MAX_MEMORY_SIZE (or a multipart upload over MAX_UPLOAD_BYTES) → 413,
  the API's JSON instead of Django's HTML 400;
- exceptions that only hostile input raises and that escaped a view (JSON nested past the
  recursion limit, a date at the edge of the calendar, an over-long body read late): the same
  4xx through `geo.api.errors.describe`, never a 500.

Hot paths mounted ahead of Django (config/lean.py) make the same checks through
`geo.api.lean.refuse_control` on what they read."""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.exceptions import RequestDataTooBig

from geo.api.errors import error_response, hostile_input_error
from geo.api.text import CONTROL, control_field, has_control, json_control_field
from geo.errors import BadInput, too_large

__all__ = ["InputGuardMiddleware", "refusal", "control_refusal"]

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def control_refusal(field: str) -> BadInput:
    return BadInput(f"{field}: 不允许控制字符 (control characters such as NUL are not allowed)", field=field)


def refusal(request):
    """The DomainError that refuses `request` (a Django request), or None when it may go on."""
    if has_control(request.path):
        return control_refusal("path")
    for name, value in request.META.items():
        if name.startswith("HTTP_") and has_control(value):
            return control_refusal(name[5:].replace("_", "-").lower())
    if field := control_field(_pairs(request.GET)):
        return control_refusal(field)
    if request.method not in _BODY_METHODS:
        return None
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return BadInput("Content-Length 无效 (invalid Content-Length)", field="body")
    try:
        if request.content_type == "multipart/form-data":
            if declared > settings.MAX_UPLOAD_BYTES:
                return too_large(settings.MAX_UPLOAD_BYTES)
            if declared <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                request.body  # a small form stays readable as bytes for views that read the body  # noqa: B018
            field = control_field(_pairs(request.POST))
            field = field or next((f for f in request.FILES if has_control(f)), None)
        else:
            body = request.body
            if request.content_type in _FORMS:
                field = control_field(_pairs(request.POST))
            else:
                field = json_control_field(body)
    except RequestDataTooBig:
        return too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return control_refusal(CONTROL.sub("?", field)) if field else None


def _pairs(query_dict):
    for name, values in query_dict.lists():
        for value in values:
            yield name, value


class InputGuardMiddleware:
    """Second in the chain (after ops' request id and access log), before sessions and CSRF, which
    read the form themselves."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        refused = refusal(request)
        return error_response(refused) if refused else self.get_response(request)

    async def _acall(self, request):
        refused = refusal(request)
        return error_response(refused) if refused else await self.get_response(request)

    def process_exception(self, request, exception):
        refused = hostile_input_error(exception)
        return error_response(refused) if refused else None
