from django.apps import AppConfig


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = "网格管理"

    def ready(self):
        from grids.tiles import register_layers

        register_layers()
