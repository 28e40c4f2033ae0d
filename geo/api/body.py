"""Request bodies: the one size check (413) and the one JSON reader, for DRF and plain views alike.

Each endpoint that takes a body names its limit (a setting); `check_body_size` refuses a larger
body before it is parsed, from the declared Content-Length when there is one and from the bytes
received otherwise (chunked uploads). Multipart uploads are judged by their declared length only:
Django streams their files to disk, so reading them into memory to count would defeat that."""

import json

from django.core.exceptions import RequestDataTooBig
from django.http.request import RawPostDataException

from geo.api.errors import too_deep
from geo.api.validation import NOT_AN_OBJECT
from geo.errors import BadInput, too_large

__all__ = ["check_body_size", "read_json", "BodyLimited", "too_large", "BAD_LENGTH"]


BAD_LENGTH = "Content-Length 无效 (invalid Content-Length)"


def check_body_size(request, max_bytes: int) -> None:
    """Raise PayloadTooLarge (413) when `request`'s body (a Django or DRF request) exceeds `max_bytes`."""
    request = getattr(request, "_request", request)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadInput(BAD_LENGTH, field="body") from None
    if declared > max_bytes:
        raise too_large(max_bytes)
    if request.content_type == "multipart/form-data":
        return
    try:
        size = len(request.body)
    except RequestDataTooBig:  # over DATA_UPLOAD_MAX_MEMORY_SIZE, the limit of every body
        raise too_large(max_bytes) from None
    except RawPostDataException:  # already streamed by a parser: the declared length was all there was
        return
    if size > max_bytes:
        raise too_large(max_bytes)


def read_json(request, max_bytes: int, *, expect: type | None = dict):
    """The request body parsed as JSON, after the size check; BadInput naming `body` when it is not
    JSON or not of the `expect`ed type (dict: an object, list: an array, None: anything)."""
    check_body_size(request, max_bytes)
    try:
        payload = json.loads(getattr(request, "_request", request).body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"不是有效的 JSON (malformed JSON: {exc})", field="body") from None
    except RecursionError:
        raise too_deep() from None
    if expect is not None and not isinstance(payload, expect):
        message = NOT_AN_OBJECT if expect is dict else "请求体应为 JSON 数组 (the body must be a JSON array)"
        raise BadInput(message, field="body")
    return payload


class BodyLimited:
    """A DRF view mixin: bodies over `max_body_bytes` are refused (413) before the view runs, after
    authentication. The OpenAPI schema lists the 413 of every view that has it."""

    max_body_bytes: int

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("POST", "PUT", "PATCH"):
            check_body_size(request, self.max_body_bytes)
