from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "实有人口房屋"

    def ready(self):
        from grids.located import register_located
        from registry import checks  # noqa: F401  (registers the deploy check)
        from registry.models import Building, House, Organisation, Person
        from registry.query_layers import register_query_layers
        from registry.tiles import register_layers
        from registry.visits import register_targets

        register_layers()
        register_query_layers()
        register_targets()
        for model, label in ((Building, "buildings"), (House, "houses"), (Organisation, "organisations")):
            register_located(model, label)
        register_located(Person, "people", point=None, micro_grid=None, grid=None, community=None, street=None)
