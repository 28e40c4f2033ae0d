"""The base of every service error; the API turns each into a 4xx with a message a user can act on.

`field` names what to fix: a parameter (`lon`), a nested member (`contact.phone`), a list item
(`attachments[2]`) or `body` for the request body as a whole. `errors` may list every problem of
the input as `{"field", "message"}` (geo.api.validation fills it; the first one is `field`)."""

__all__ = [
    "DomainError",
    "BadInput",
    "Unauthenticated",
    "Forbidden",
    "NotFound",
    "Conflict",
    "PayloadTooLarge",
    "Unavailable",
    "too_large",
]


class DomainError(Exception):
    status_code = 400

    def __init__(self, message, field=None, errors=None):
        super().__init__(message)
        self.field = field
        self.errors = errors or []


class BadInput(DomainError):
    status_code = 400


class Unauthenticated(DomainError):
    """No or wrong credentials (401)."""

    status_code = 401


class Forbidden(DomainError):
    """Known caller, but their role or jurisdiction does not allow this (403)."""

    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class PayloadTooLarge(DomainError):
    status_code = 413


class Unavailable(DomainError):
    """Over capacity or the database is down (503): nothing was stored; retry after `retry_after` s."""

    status_code = 503

    def __init__(self, message, retry_after: int = 5):
        super().__init__(message)
        self.retry_after = retry_after


def too_large(max_bytes: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"请求体超过 {max_bytes} 字节 (the request body is larger than {max_bytes} bytes)", field="body"
    )
