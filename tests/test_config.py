"""App defaults come from a Django setting, else the environment variable, else the default."""

import pytest

from config.env import app_setting


def test_a_django_setting_wins(settings, monkeypatch):
    settings.POSITION_MAX_AGE_DAYS = 3
    monkeypatch.setenv("POSITION_MAX_AGE_DAYS", "9")

    assert app_setting("POSITION_MAX_AGE_DAYS", 30) == 3


@pytest.mark.parametrize(
    "text, default, value",
    [("9", 30, 9), ("0.5", 55.0, 0.5), ("true", False, True), ("off", True, False), ("a, b,", ("x",), ("a", "b"))],
)
def test_the_environment_is_read_as_the_defaults_type(monkeypatch, text, default, value):
    monkeypatch.setenv("WANGGE_TEST_SETTING", text)

    assert app_setting("WANGGE_TEST_SETTING", default) == value


def test_unset_or_blank_gives_the_default_and_a_bad_number_names_the_variable(monkeypatch):
    assert app_setting("WANGGE_TEST_SETTING", 30) == 30
    monkeypatch.setenv("WANGGE_TEST_SETTING", "")
    assert app_setting("WANGGE_TEST_SETTING", 30) == 30
    monkeypatch.setenv("WANGGE_TEST_SETTING", "many")
    with pytest.raises(ValueError, match="WANGGE_TEST_SETTING"):
        app_setting("WANGGE_TEST_SETTING", 30)
