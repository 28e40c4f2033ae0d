"""Group commit for single-fix requests (OsmAnd, OwnTracks on the lean path).

One fix per request costs ≈6 ms of our own ingest (transaction, previous fix, locate, insert,
upserts, WAL flush) against ≈0.04 ms per fix inside a batch. So requests do not write: they queue
their fixes here and wait. One writer thread per process takes everything that queued while it
was busy (after waiting GROUP_COMMIT_WAIT_MS for company, at most GROUP_COMMIT_MAX_FIXES fixes),
looks the devices up with one query and stores the lot with `tracking.ingest.record_many`: one
transaction, one statement per round of distinct workers, one WAL flush. Each request is answered
only after that transaction committed, with its own result or its own error.

Failure is honest: past INTAKE_MAX_PENDING waiting requests, or while the database is down, a
request gets `Unavailable` (503 with Retry-After) and nothing is acknowledged that was not stored.
"""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from django.db import DatabaseError, InterfaceError, OperationalError, connection

from geo.errors import Unavailable
from tracking import conf
from tracking.devices import UnknownDevice, devices_by_identifier
from tracking.ingest import IngestResult, record_many

__all__ = ["submit", "OVERLOADED", "DATABASE_DOWN"]

log = logging.getLogger(__name__)
OVERLOADED = "服务器繁忙，请稍后重试 (over capacity: nothing stored, retry later)"
DATABASE_DOWN = "数据库暂不可用，请稍后重试 (the database is unavailable: nothing stored, retry later)"


class _GroupCommit:
    def __init__(self):
        self.waiting: list[tuple] = []  # (device or identifier, fixes, source, future)
        self.loop = None
        self.wakeup: asyncio.Event | None = None
        self.task: asyncio.Task | None = None
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="group-commit")

    def _ensure_running(self):
        loop = asyncio.get_running_loop()
        if self.loop is not loop or self.task is None or self.task.done():
            self.loop, self.wakeup = loop, asyncio.Event()
            self.task = loop.create_task(self._run())

    async def submit(self, device, fixes, source) -> IngestResult:
        if len(self.waiting) >= conf.INTAKE_MAX_PENDING:
            raise Unavailable(OVERLOADED, conf.RETRY_AFTER_SECONDS)
        self._ensure_running()
        future = self.loop.create_future()
        self.waiting.append((device, fixes, source, future))
        self.wakeup.set()
        return await future

    def _take(self) -> list[tuple]:
        taken, fixes = [], 0
        while self.waiting and (not taken or fixes + len(self.waiting[0][1]) <= conf.GROUP_COMMIT_MAX_FIXES):
            item = self.waiting.pop(0)
            taken.append(item)
            fixes += len(item[1])
        return taken

    async def _run(self):
        while True:
            await self.wakeup.wait()
            self.wakeup.clear()
            if not self.waiting:
                continue
            if conf.GROUP_COMMIT_WAIT_MS and sum(len(w[1]) for w in self.waiting) < conf.GROUP_COMMIT_MAX_FIXES:
                await asyncio.sleep(conf.GROUP_COMMIT_WAIT_MS / 1000)
            taken = self._take()
            if self.waiting:
                self.wakeup.set()
            batches = [(device, fixes, source) for device, fixes, source, _ in taken]
            try:
                outcomes = await self.loop.run_in_executor(self.writer, _write, batches)
            except Exception as exc:  # the writer itself failed: every request hears it
                log.exception("group commit failed")
                outcomes = [exc] * len(taken)
            for (*_, future), outcome in zip(taken, outcomes, strict=True):
                if future.done():  # the client went away; its fix is stored all the same
                    continue
                if isinstance(outcome, BaseException):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)


def _write(batches) -> list:
    """In the writer thread: resolve devices, store, and return one result or exception per batch."""
    outcomes: list = [None] * len(batches)
    try:
        known = devices_by_identifier({d for d, _, _ in batches if isinstance(d, str)})
        resolved = []
        for i, (device, fixes, source) in enumerate(batches):
            device = known.get(device) if isinstance(device, str) else device
            if device is None:
                outcomes[i] = UnknownDevice("未知设备 (unknown device id)", field="id")
            else:
                resolved.append((i, device, fixes, source))
        try:
            results = record_many([(device, fixes, source) for _, device, fixes, source in resolved])
        except (OperationalError, InterfaceError):
            raise
        except DatabaseError:
            if len(resolved) == 1:
                raise
            # One request's bad data must not fail the others': store each on its own.
            results = [_alone(device, fixes, source) for _, device, fixes, source in resolved]
        for (i, *_), result in zip(resolved, results, strict=True):
            outcomes[i] = result
    except (OperationalError, InterfaceError):
        log.warning("database unavailable during group commit", exc_info=True)
        connection.close()  # a broken connection goes back to the pool, which discards it
        return [
            o if isinstance(o, UnknownDevice) else Unavailable(DATABASE_DOWN, conf.RETRY_AFTER_SECONDS)
            for o in outcomes
        ]
    return outcomes


def _alone(device, fixes, source):
    try:
        return record_many([(device, fixes, source)])[0]
    except (OperationalError, InterfaceError):
        raise
    except DatabaseError as exc:
        log.exception("storing one request's fixes failed")
        return exc


_group = _GroupCommit()


async def submit(device, fixes, source: str) -> IngestResult:
    """Store `fixes` for `device` (a Device, or a device identifier looked up with the batch) as part
    of the next group; returns after commit. Raises UnknownDevice, Unavailable, or the database
    error of this request alone."""
    return await _group.submit(device, fixes, source)
