"""Micro-grid coverage is summarised per worker and day (tracking.MicroGridDay) by the summary
refresh, and fixes that arrive for a day the periodic window no longer covers — or the close of an
event reported on such a day — mark that day (tracking.LateDay): the next refresh recomputes it,
then drops the mark."""

from datetime import timedelta

from django.utils import timezone

from screens.models import AreaDay
from screens.services import refresh
from tracking.days import local_day_bounds
from tracking.fixes import Fix
from tracking.ingest import record_fixes
from tracking.models import Device, LateDay, MicroGridDay


def _walk(worker, micro_grids, start):
    device = Device.objects.filter(user=worker).first() or Device.objects.create(user=worker)
    fixes = [
        Fix(
            time=start + timedelta(minutes=i),
            lon=m.geom.point_on_surface.x,
            lat=m.geom.point_on_surface.y,
            accuracy_m=5,
        )
        for i, m in enumerate(micro_grids)
    ]
    assert record_fixes(device, fixes, "test", now=timezone.now()).accepted == len(fixes)


def test_the_refresh_keeps_each_workers_micro_grids_of_the_day(site, today):
    micro = list(site.grid.micro_grids.order_by("code")[:3])
    _walk(site.worker, micro, today.at(9))
    _walk(site.worker, micro[:1], today.at(10))  # again: counted once

    refresh(timezone.now())

    (row,) = MicroGridDay.objects.filter(user=site.worker, day=today.day)
    assert row.micro_grids == sorted(m.pk for m in micro)
    assert AreaDay.objects.get(code=site.grid.code, day=today.day).microgrids_visited == 3
    assert not LateDay.objects.exists()  # today's fixes are in the window


def test_late_fixes_for_an_old_day_are_refreshed_on_the_next_run(site, today):
    old = today.day - timedelta(days=5)
    refresh(timezone.now())
    assert not AreaDay.objects.filter(code=site.grid.code, day=old, microgrids_visited__gt=0).exists()
    micro = list(site.grid.micro_grids.order_by("code")[:2])

    _walk(site.worker, micro, local_day_bounds(old)[0] + timedelta(hours=10))

    assert list(LateDay.objects.values_list("day", flat=True)) == [old]
    result = refresh(timezone.now())
    assert result["days"] == 3  # today, yesterday and the late day
    assert AreaDay.objects.get(code=site.grid.code, day=old).microgrids_visited == 2
    assert AreaDay.objects.get(code=site.grid.code[:9] + "000", day=old).microgrids_visited == 2
    assert MicroGridDay.objects.get(user=site.worker, day=old).micro_grids == sorted(m.pk for m in micro)
    assert not LateDay.objects.exists()


def test_closing_an_old_event_refreshes_the_day_it_was_reported(site, today, new_event):
    from events.services import perform_as_system

    old = today.day - timedelta(days=6)
    event = new_event(site.grid, site.worker, local_day_bounds(old)[0] + timedelta(hours=9))
    refresh(timezone.now(), days=7)
    row = AreaDay.objects.get(code=site.grid.code, day=old)
    assert (row.events_reported, row.reported_finished) == (1, 0)

    perform_as_system(event, "self_handle", note="已处理")

    assert list(LateDay.objects.values_list("day", flat=True)) == [old]
    refresh(timezone.now())
    assert AreaDay.objects.get(code=site.grid.code, day=old).reported_finished == 1
    assert not LateDay.objects.exists()
