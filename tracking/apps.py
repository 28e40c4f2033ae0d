from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "巡查定位"

    def ready(self):
        from realtime.registry import register_snapshot
        from tracking.demo import register_steps
        from tracking.live import workers_snapshot
        from tracking.query_layers import register_query_layers
        from tracking.tiles import register_layers

        register_layers()
        register_query_layers()
        register_snapshot(workers_snapshot)
        register_steps()
