from django.apps import AppConfig


class MilitiaConfig(AppConfig):
    name = "militia"
    verbose_name = "基层武装"

    def ready(self):
        from events.forces import register_provider
        from grids.demo.steps import register
        from grids.located import register_located
        from militia.demo import STEP
        from militia.forces import PROVIDERS
        from militia.models import Emergency, MilitiaOrg, MilitiaTask, Resource
        from militia.query_layers import register_query_layers
        from militia.tiles import register_layers

        register_layers()
        register_query_layers()
        register("militia", STEP)
        for provider in PROVIDERS:
            register_provider(provider)
        for model, label in (
            (MilitiaOrg, "militia_orgs"),
            (Resource, "militia_resources"),
            (MilitiaTask, "militia_tasks"),
            (Emergency, "emergencies"),
        ):
            register_located(model, label)
