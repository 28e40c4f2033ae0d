from django.apps import AppConfig


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = "网格管理"

    def ready(self):
        from grids.demo.load import register_steps
        from grids.query_layers import register_query_layers
        from grids.tiles import register_layers
        from realtime.registry import register_streets

        register_layers()
        register_query_layers()
        register_streets(_street_prefixes)
        register_steps()


def _street_prefixes() -> list[str]:
    from geo.models import AdminArea

    return [code[:9] for code in AdminArea.objects.filter(level="street").values_list("code", flat=True)]
