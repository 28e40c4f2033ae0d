"""The lean path's side of the one input path: hot endpoints served as Starlette handlers ahead of
Django (config/asgi.py) read bodies and answer errors exactly as the Django views do, through the
same size limit (geo.api.body) and the same error body (geo.api.errors.describe)."""

import json
import logging
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from geo.api.body import BAD_LENGTH, too_large
from geo.api.errors import describe
from geo.api.guard import control_refusal
from geo.api.text import control_field, has_control, json_control_field
from geo.errors import BadInput, DomainError

__all__ = ["read_body", "refuse_control", "error_json", "json_response", "server_error"]

_FORM = "application/x-www-form-urlencoded"

log = logging.getLogger(__name__)
DRAIN_BYTES = 16 * 1024 * 1024  # how much of a refused body is read and dropped before answering 413


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The whole body, refused (PayloadTooLarge, 413) past `max_bytes` (declared or received);
    a refused body is drained, up to DRAIN_BYTES more, and never kept in memory."""
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        raise BadInput(BAD_LENGTH, field="body") from None
    limit = max_bytes + DRAIN_BYTES
    if declared > limit:  # far too large to drain: refuse at once (the client may see a reset)
        raise too_large(max_bytes)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            break
        if size <= max_bytes:
            chunks.append(chunk)
    # A refused body is read to its end (and dropped) first: answering while the client still
    # sends makes the kernel reset the connection, and the client never sees the 413.
    if size > max_bytes:
        raise too_large(max_bytes)
    return b"".join(chunks)


def refuse_control(request: Request, body: bytes = b"") -> None:
    """The input guard's check (geo.api.guard) on a lean request: a control character (NUL…) in the
    path, a header, a query parameter, a form field or a JSON string is a BadInput (400) naming it,
    before any of it reaches the database."""
    field = "path" if has_control(request.url.path) else None
    field = field or next((name for name, value in request.headers.items() if has_control(value)), None)
    field = field or control_field(request.query_params.multi_items())
    if not field and body:
        if request.headers.get("content-type", "").split(";")[0].strip().lower() == _FORM:
            field = control_field(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        else:
            field = json_control_field(body)
    if field:
        raise control_refusal(field)


def json_response(payload, status: int = 200, headers: dict | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(", ", ": ")).encode()
    return Response(body, status_code=status, headers=headers, media_type="application/json")


def error_json(exc: DomainError) -> Response:
    """The one error body `{detail, field?, errors?}` with its status and headers (Retry-After)."""
    status, body, headers = describe(exc)
    return json_response(body, status, headers)


def server_error() -> Response:
    """A bug on the lean path: logged with its traceback by the caller, answered like Django's 500."""
    return json_response({"detail": "服务器内部错误 (server error)"}, 500)
