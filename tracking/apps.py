from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "巡查定位"

    def ready(self):
        from tracking.tiles import register_layers

        register_layers()
