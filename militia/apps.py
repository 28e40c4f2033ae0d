from django.apps import AppConfig


class MilitiaConfig(AppConfig):
    name = "militia"
    verbose_name = "基层武装"

    def ready(self):
        from events.forces import register_provider
        from militia.forces import PROVIDERS
        from militia.tiles import register_layers

        register_layers()
        for provider in PROVIDERS:
            register_provider(provider)
