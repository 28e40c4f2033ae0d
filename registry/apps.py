from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "实有人口房屋"

    def ready(self):
        from registry import checks  # noqa: F401  (registers the deploy check)
        from registry.query_layers import register_query_layers
        from registry.tiles import register_layers
        from registry.visits import register_targets

        register_layers()
        register_query_layers()
        register_targets()
