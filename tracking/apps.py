from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "巡查定位"

    def ready(self):
        from grids.located import register_located
        from grids.visit_targets import register_visit_log
        from realtime.registry import register_snapshot
        from tracking.demo import register_steps
        from tracking.live import workers_snapshot
        from tracking.models import CheckIn, LatestPosition, Visit
        from tracking.query_layers import register_query_layers
        from tracking.tiles import register_layers
        from tracking.visits import TrackingVisitLog

        register_layers()
        register_query_layers()
        register_snapshot(workers_snapshot)
        register_steps()
        register_visit_log(TrackingVisitLog())
        register_located(
            LatestPosition,
            "latest_positions",
            point="geom",
            micro_grid="micro_grid_id",
            grid="grid_id",
            community=None,
            street=None,
        )
        # A check-in keeps the grid it was made for; only where it lies (location_code) follows.
        register_located(CheckIn, "checkins", point="geom", micro_grid=None, grid=None, community=None, street=None)
        register_located(Visit, "visits", point=None, micro_grid=None, grid=None, community=None, street=None)
