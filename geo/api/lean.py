"""The lean path's side of the one input path: hot endpoints served as Starlette handlers ahead of
Django (config/asgi.py) read bodies and answer errors exactly as the Django views do, through the
same size limit (geo.api.body) and the same error body (geo.api.errors.describe)."""

import json
import logging

from starlette.requests import Request
from starlette.responses import Response

from geo.api.body import BAD_LENGTH, too_large
from geo.api.errors import describe
from geo.errors import BadInput, DomainError

__all__ = ["read_body", "error_json", "json_response", "server_error"]

log = logging.getLogger(__name__)


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The whole body, refused (PayloadTooLarge, 413) past `max_bytes` from the declared
    Content-Length before reading, or from the bytes received (chunked bodies) while reading."""
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        raise BadInput(BAD_LENGTH, field="body") from None
    if declared > max_bytes:
        raise too_large(max_bytes)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise too_large(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


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
