"""Fixtures for the militia tests, on the session's demo district and its militia demo step: a
company of street 001 and one of street 002 with their members, the street operators, the district
operator. Helpers independent of our code are in militia_support.py."""

from types import SimpleNamespace

import pytest

from accounts.models import Role, User
from militia.models import MilitiaMember, MilitiaOrg, OrgLevel


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _company(street: str):
    company = MilitiaOrg.objects.filter(level=OrgLevel.COMPANY, location_code__startswith=f"320411{street}").order_by(
        "id"
    )[0]
    members = list(MilitiaMember.objects.filter(org__in=[company, *company.children.all()]).order_by("id"))
    account = next(m for m in members if m.user_id)
    return SimpleNamespace(
        company=company,
        members=members,
        account=account,
        lon=company.point.x,
        lat=company.point.y,
        street_code=f"320411{street}000",
        street_op=User.objects.get(role=Role.STREET_OPERATOR, jurisdiction_code=f"320411{street}000"),
    )


@pytest.fixture
def unit(db):
    """The first demo company of street 001, its members (one with a phone account), its street operator."""
    return _company("001")


@pytest.fixture
def other_unit(db):
    return _company("002")
