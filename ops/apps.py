from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "运维 operations"

    def ready(self):
        from ops import gauges, metrics

        metrics.on_process_start()
        gauges.register()
