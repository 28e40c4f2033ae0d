from django.apps import AppConfig


class WebmapConfig(AppConfig):
    name = "webmap"
