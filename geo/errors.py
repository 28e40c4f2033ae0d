"""The base of every service error; the API turns each into a 4xx with a message a user can act on."""

__all__ = ["DomainError", "BadInput", "NotFound", "Conflict"]


class DomainError(Exception):
    status_code = 400

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class BadInput(DomainError):
    status_code = 400


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409
