import pytest

from tracking.partitions import ensure_partitions


@pytest.fixture
def worker_device(db):
    """A demo grid worker's device, with today's partitions in place."""
    from tracking.models import Device

    ensure_partitions()
    return Device.objects.select_related("user").filter(user__role="grid_worker").order_by("id").first()


@pytest.fixture
def point_in_own_grid(worker_device):
    from grids.models import GridMember

    grid = GridMember.objects.get(user=worker_device.user).grid
    p = grid.micro_grids.order_by("code").first().geom.point_on_surface
    return grid, p
