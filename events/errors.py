"""Errors of the events services; the API turns each into a 4xx JSON body naming the field."""

from geo.errors import BadInput, Conflict, DomainError, NotFound

__all__ = ["BadInput", "NotFound", "NotAllowed", "InvalidTransition", "StaleVersion", "BadPhoto"]


class NotAllowed(DomainError):
    """The user's role or jurisdiction does not allow this step."""

    status_code = 403


class InvalidTransition(Conflict):
    """The step does not apply to the event in its current status or level."""


class StaleVersion(Conflict):
    """Someone else changed the event since the caller read it: read it again and retry."""


class BadPhoto(BadInput):
    """A photo that is not a JPEG/PNG, is too large or cannot be decoded; names the file."""
