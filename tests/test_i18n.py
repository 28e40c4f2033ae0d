import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,title", [("zh-hans", "网格化社会治理指挥平台"), ("en", "Grid Governance Command Platform")]
)
def test_login_page_in_chinese_by_default_and_english_on_request(language, title):
    client = Client(HTTP_ACCEPT_LANGUAGE="" if language == "zh-hans" else "en")
    client.cookies["django_language"] = language
    assert title in client.get("/login/").content.decode()
