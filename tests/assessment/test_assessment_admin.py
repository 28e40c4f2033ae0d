"""The rule tables in /admin/: editable while the period is open (a bad formula is refused with
its reason), read-only once it is closed."""

import pytest
from django.test import Client

from accounts.models import User
from assessment.models import Rule
from assessment.services import close_period


@pytest.fixture
def admin_client(db):
    user = User.objects.create_superuser("assessor", password="x")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def _form(period, formula):
    rules = list(period.rules.order_by("id"))
    data = {
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "name": period.name,
        "rules-TOTAL_FORMS": len(rules),
        "rules-INITIAL_FORMS": len(rules),
        "rules-MIN_NUM_FORMS": 0,
        "rules-MAX_NUM_FORMS": 1000,
    }
    for i, r in enumerate(rules):
        data |= {
            f"rules-{i}-id": r.pk,
            f"rules-{i}-period": period.pk,
            f"rules-{i}-indicator": r.indicator,
            f"rules-{i}-weight": r.weight,
            f"rules-{i}-required": r.required,
            f"rules-{i}-formula": formula if i == 0 else r.formula,
            f"rules-{i}-active": "on",
        }
    return data, rules[0]


def test_rules_are_edited_in_the_admin_and_frozen_at_close(admin_client, period, today):
    url = f"/admin/assessment/period/{period.pk}/change/"
    assert admin_client.get(url).status_code == 200
    data, first = _form(period, "open('x')")
    refused = admin_client.post(url, data)
    assert refused.status_code == 200 and "min() 与 max()" in refused.content.decode()
    data, first = _form(period, "min(rate, 1) * 90")
    assert admin_client.post(url, data).status_code == 302
    assert Rule.objects.get(pk=first.pk).formula == "min(rate, 1) * 90"
    close_period(period.pk, today.now)
    page = admin_client.get(url).content.decode()
    assert 'name="rules-0-formula"' not in page  # read-only inline
