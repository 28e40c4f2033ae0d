"""Group commit for single-fix requests (OsmAnd, OwnTracks on the lean path).

One fix per request costs ≈6 ms of our own ingest (transaction, previous fix, locate, insert,
upserts, WAL flush) against ≈0.04 ms per fix inside a batch. So requests do not write: they queue
their fixes here and wait. GROUP_COMMIT_WRITERS writer threads per process (each with its own
database connection) take everything that queued while they were busy (after waiting
GROUP_COMMIT_WAIT_MS for company, at most GROUP_COMMIT_MAX_FIXES fixes), look the devices up (a
cache of DEVICE_CACHE_SECONDS, else one query) and store the lot with
`tracking.ingest.record_many`: one transaction, one statement per round of distinct workers, one
WAL flush. Two writers overlap one group's round trips and WAL flush with the next group's work.
Each request is answered only after that transaction committed, with its own result or error.

Failure is honest: past INTAKE_MAX_PENDING waiting requests, or while the database is down, a
request gets `Unavailable` (503 with Retry-After) and nothing is acknowledged that was not stored.
"""

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import DatabaseError, InterfaceError, OperationalError, connection

from geo.errors import Unavailable
from grids.locate import locate_many
from tracking import conf
from tracking.devices import UnknownDevice, devices_by_identifier
from tracking.ingest import IngestResult, record_many

__all__ = ["submit", "warm_up", "OVERLOADED", "DATABASE_DOWN"]

log = logging.getLogger(__name__)
OVERLOADED = "服务器繁忙，请稍后重试 (over capacity: nothing stored, retry later)"
DATABASE_DOWN = "数据库暂不可用，请稍后重试 (the database is unavailable: nothing stored, retry later)"


class _GroupCommit:
    def __init__(self):
        self.waiting: list[tuple] = []  # (device or identifier, fixes, source, future)
        self.loop = None
        self.wakeup: asyncio.Event | None = None
        self.task: asyncio.Task | None = None
        self.writers = ThreadPoolExecutor(conf.GROUP_COMMIT_WRITERS, thread_name_prefix="group-commit")
        self.free: asyncio.Semaphore | None = None

    def _ensure_running(self):
        loop = asyncio.get_running_loop()
        if self.loop is not loop or self.task is None or self.task.done():
            self.loop, self.wakeup = loop, asyncio.Event()
            self.free = asyncio.Semaphore(conf.GROUP_COMMIT_WRITERS)
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
            await self.free.acquire()  # a writer is free: what waits now goes in one group
            if conf.GROUP_COMMIT_WAIT_MS and sum(len(w[1]) for w in self.waiting) < conf.GROUP_COMMIT_MAX_FIXES:
                await asyncio.sleep(conf.GROUP_COMMIT_WAIT_MS / 1000)
            taken = self._take()
            if self.waiting:
                self.wakeup.set()
            self.loop.create_task(self._commit(taken))

    async def _commit(self, taken):
        batches = [(device, fixes, source) for device, fixes, source, _ in taken]
        try:
            outcomes = await self.loop.run_in_executor(self.writers, _write, batches)
        except Exception as exc:  # the writer itself failed: every request hears it
            log.exception("group commit failed")
            outcomes = [exc] * len(taken)
        finally:
            self.free.release()
        for (*_, future), outcome in zip(taken, outcomes, strict=True):
            if future.done():  # the client went away; its fix is stored all the same
                continue
            if isinstance(outcome, BaseException):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)

    def warm_up(self):
        """Load the locate layers and open a connection in every writer before the first request."""
        self.writers.submit(_warm, True).result()  # the layers are shared: load them once
        for future in [self.writers.submit(_warm, False) for _ in range(conf.GROUP_COMMIT_WRITERS - 1)]:
            future.result()


def _write(batches) -> list:
    """In the writer thread: resolve devices, store, and return one result or exception per batch."""
    outcomes: list = [None] * len(batches)
    try:
        known = _devices({d for d, _, _ in batches if isinstance(d, str)})
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


_device_cache: dict[str, tuple[float, object]] = {}  # identifier → (expiry, Device or None)


def _devices(identifiers) -> dict:
    """Devices by identifier, remembered for DEVICE_CACHE_SECONDS (unknown ones too: a wrong id
    retried in a loop costs no query either): a deactivated device is refused within that time."""
    now = time.monotonic()
    missing = {i for i in identifiers if _device_cache.get(i, (0,))[0] < now}
    if missing:
        found = devices_by_identifier(missing)
        if len(_device_cache) > 100_000:
            _device_cache.clear()
        for identifier in missing:
            _device_cache[identifier] = (now + conf.DEVICE_CACHE_SECONDS, found.get(identifier))
    return {i: _device_cache[i][1] for i in identifiers if _device_cache[i][1] is not None}


def _warm(layers: bool):
    connection.ensure_connection()
    if layers:
        locate_many([120.0], [31.8])


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


def warm_up():
    """At server start (lifespan): the first requests should not wait for the locate layers."""
    try:
        _group.warm_up()
    except Exception:  # a database that is not up yet: the first group will try again
        log.warning("group commit warm-up failed", exc_info=True)
