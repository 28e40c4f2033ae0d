"""Fixtures for the analysts' tests: events reported through the real intake service in two streets."""

import pytest

from accounts.models import User
from events.services import report_event
from tests.analysis.analysis_support import STREET_1, STREET_2, jpeg, point_in_street


@pytest.fixture
def events_in_streets(db):
    """Four events: in street 001 an open neighbour dispute and an open fire hazard (safety), a
    closed… well, self-handled dispute; one open dispute in street 002."""
    reporter = User.objects.get(username="district")

    def report(street, nth, category, title, photos=()):
        p = point_in_street(street, nth)
        return report_event(
            title=title, description="", category=category, lon=p.x, lat=p.y, reporter=reporter, photos=photos
        )

    return {
        "dispute": report(STREET_1, 0, "dispute.neighbour", "邻里纠纷"),
        "fire": report(STREET_1, 3, "safety.fire", "消防隐患", photos=[jpeg()]),
        "dispute2": report(STREET_1, 5, "dispute.neighbour", "另一纠纷"),
        "other_street": report(STREET_2, 0, "dispute.neighbour", "二街纠纷"),
    }
