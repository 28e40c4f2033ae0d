"""tracking's demo step: a phone (Device) for every demo grid worker and leader."""

from grids.demo.load import BATCH
from grids.demo.steps import DemoContext, DemoStep, register
from tracking.models import Device

__all__ = ["register_steps"]


def load_devices(ctx: DemoContext):
    Device.objects.bulk_create(
        [Device(user=ctx.users[w.username], name=f"{w.full_name}的手机") for w in ctx.district.workers],
        batch_size=BATCH,
    )


def delete_devices():
    Device.objects.filter(user__is_demo=True).delete()


def register_steps():
    register("tracking.devices", DemoStep(600, "设备 devices", load_devices, delete_devices))
