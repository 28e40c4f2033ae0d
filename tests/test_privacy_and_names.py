"""The one phone mask and the one naming rule, and where the API uses them."""

import pytest

from accounts.models import User, person_name
from accounts.privacy import mask_phone


@pytest.mark.parametrize(
    "phone, masked",
    [
        ("13912345678", "139****5678"),
        ("+8613912345678", "+86****5678"),
        ("85123456", "******56"),  # a landline keeps only its last two digits
        ("12", "**"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    "first, last, name",
    [
        ("三", "张", "张三"),
        ("网格员", "", "网格员"),
        ("Anna", "Li", "Anna Li"),
        ("Anna", "李", "李Anna"),
        (" ", " ", ""),
    ],
)
def test_person_name(first, last, name):
    assert person_name(first, last) == name


def test_display_name_falls_back_to_the_username():
    assert User(username="w001", first_name="", last_name="").display_name == "w001"
    assert User(username="w001", first_name="三", last_name="张").display_name == "张三"


@pytest.mark.django_db
def test_the_me_endpoint_and_the_worker_card_use_them(api_as):
    worker = User.objects.filter(role="grid_worker", is_demo=True).order_by("username").first()

    me = api_as(worker.username).get("/api/v1/me").json()
    card = api_as("district").get(f"/api/v1/workers/{worker.username}/card").json()

    assert me["name"] == card["name"] == worker.display_name
    assert card["phone"] == mask_phone(worker.phone) != worker.phone
