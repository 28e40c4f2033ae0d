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


@pytest.mark.django_db
@pytest.mark.parametrize("language,label", [("zh-hans", "街道操作员"), ("en", "Street operator")])
def test_choice_labels_follow_the_readers_language(api_as, language, label):
    r = api_as("street001").get("/api/v1/me", HTTP_ACCEPT_LANGUAGE=language)

    assert r.json()["role_display"] == label


@pytest.mark.django_db
def test_files_keep_the_source_labels_and_read_any_language():
    from django.utils import translation

    from geo import choices
    from registry.models import Gender

    with translation.override("en"):
        assert str(Gender.MALE.label) == "Male"
        assert choices.source_label(Gender.MALE) == "男"
        assert choices.lookup(Gender)["男"] == choices.lookup(Gender)["Male"] == Gender.MALE
