from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "绩效考核"

    def ready(self):
        from assessment.demo import STEP
        from grids.demo.steps import register

        register("assessment", STEP)
