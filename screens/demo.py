"""The screens' demo step (an add-on, last): fill the summary tables for the last 30 days so the
wall shows the demo district at once."""

from grids.demo.steps import DemoStep
from screens.models import AreaDay, AreaNow, HotCell
from screens.services import refresh


def load(context):
    refresh(days=30)


def delete():
    for model in (AreaDay, AreaNow, HotCell):
        model.objects.all().delete()


STEP = DemoStep(950, "大屏统计 screens", load, delete, add_on=True)
