"""Reading configuration from the environment: used by config/settings.py and by each app's
conf.py, so every setting an operator may change is one environment variable of the same name."""

import os

__all__ = ["env", "env_bool", "app_setting", "load_env_file"]

_TRUE = ("1", "true", "yes", "on")


def load_env_file(path) -> None:
    """`NAME=value` lines of `path` (if it exists) as environment defaults: a variable already set
    in the environment wins. Blank lines and `#` comments are skipped."""
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        name, sep, value = line.strip().partition("=")
        if sep and name and not name.startswith("#"):
            os.environ.setdefault(name.strip(), value.strip())


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    return env(name, str(default)).lower() in _TRUE


def _cast(text: str, default):
    if isinstance(default, bool):
        return text.strip().lower() in _TRUE
    if isinstance(default, int):
        return int(text)
    if isinstance(default, float):
        return float(text)
    if isinstance(default, (tuple, list)):
        return tuple(part.strip() for part in text.split(",") if part.strip())
    return text


def app_setting(name: str, default):
    """An app default (read once by <app>/conf.py): a Django setting of that name if
    config/settings.py defines one, else the environment variable, else `default`. Environment
    text is read as the default's type: numbers, true/false, comma-separated lists."""
    from django.conf import settings

    if hasattr(settings, name):
        return getattr(settings, name)
    text = os.environ.get(name)
    if text is None or text == "":
        return default
    try:
        return _cast(text, default)
    except ValueError:
        raise ValueError(f"environment variable {name}={text!r} is not a valid {type(default).__name__}") from None
