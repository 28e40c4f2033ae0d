from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "事项处置"

    def ready(self):
        from events.around import events_near
        from events.demo import STEP
        from events.forces import register_provider
        from events.live import open_events_snapshot
        from events.models import Event
        from events.nearby import WORKERS
        from events.query_layers import register_query_layers
        from events.stats import overdue_by_street
        from grids.activity import register_near
        from grids.demo.steps import register
        from grids.located import register_located
        from ops.metrics import register_scrape_gauge
        from realtime.registry import register_snapshot

        register_snapshot(open_events_snapshot)
        register("events", STEP)
        register_provider(WORKERS)
        register_query_layers()
        register_near("events", events_near)
        register_scrape_gauge(
            "wangge_events_overdue", "Open events past their deadline, by street code", ["street"], overdue_by_street
        )
        register_located(Event, "events")
