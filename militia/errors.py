"""Errors of the militia services; the API turns each into a 4xx JSON body naming the field."""

from geo.errors import BadInput, Conflict, DomainError, NotFound

__all__ = ["BadInput", "NotFound", "Conflict", "NotAllowed", "StaleVersion", "InsufficientStock"]


class NotAllowed(DomainError):
    """The user's role or jurisdiction does not allow this."""

    status_code = 403


class StaleVersion(Conflict):
    """Someone else changed the task since the caller read it: read it again and retry."""


class InsufficientStock(Conflict):
    """A movement would take more out of a warehouse than it holds."""
