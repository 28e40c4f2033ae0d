from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "事项处置"

    def ready(self):
        from events.around import events_near
        from events.live import open_events_snapshot
        from grids.activity import register_near
        from realtime.registry import register_snapshot

        register_snapshot(open_events_snapshot)
        register_near("events", events_near)
