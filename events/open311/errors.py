"""Open311 errors beyond the events ones (BadInput 400, NotFound 404); each becomes
`[{"code": …, "description": …}]` (or `<errors>`) with the same HTTP status."""

from geo.errors import BadInput, DomainError, NotFound

__all__ = ["BadInput", "NotFound", "Forbidden", "PayloadTooLarge"]


class Forbidden(DomainError):
    """A missing, unknown or deactivated api_key."""

    status_code = 403


class PayloadTooLarge(DomainError):
    status_code = 413
