"""The events services: what views, jobs and integrations (Open311, 12345, digital city management)
call. Each raises events.errors types that the API turns into 4xx responses."""

from events.services.actions import get_event, perform, perform_as_system
from events.services.intake import report_event

__all__ = ["report_event", "perform", "perform_as_system", "get_event"]
