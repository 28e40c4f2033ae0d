from django.apps import AppConfig


class ScreensConfig(AppConfig):
    name = "screens"
    verbose_name = "研判分析大屏"

    def ready(self):
        from grids.demo.steps import register
        from screens.demo import STEP

        register("screens", STEP)
