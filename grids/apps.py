from django.apps import AppConfig


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = "网格管理"

    def ready(self):
        from grids.demo.load import register_steps
        from grids.located import register_located
        from grids.models import Place
        from grids.query_layers import register_query_layers
        from grids.tiles import register_layers
        from grids.visit_targets import register_target
        from realtime.registry import register_streets

        register_layers()
        register_query_layers()
        register_streets(_street_prefixes)
        register_steps()
        register_target("place", _place_target)
        register_located(Place, "places")


def _street_prefixes() -> list[str]:
    from geo.models import AdminArea

    return [code[:9] for code in AdminArea.objects.filter(level="street").values_list("code", flat=True)]


def _place_target(pk, jurisdiction):
    from grids.models import Place
    from grids.visit_targets import Target

    place = Place.objects.visible_to(jurisdiction).filter(pk=pk).first()
    return place and Target("place", place.pk, place.name, place.point, place.location_code)
