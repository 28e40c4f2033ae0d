from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "巡查定位"

    def ready(self):
        from grids.visit_targets import register_visit_log
        from realtime.registry import register_snapshot
        from tracking.demo import register_steps
        from tracking.live import workers_snapshot
        from tracking.query_layers import register_query_layers
        from tracking.tiles import register_layers
        from tracking.visits import TrackingVisitLog

        register_layers()
        register_query_layers()
        register_snapshot(workers_snapshot)
        register_steps()
        register_visit_log(TrackingVisitLog())
