"""The current request (or job): its id for the logs, and whether it wrote to the primary (for
read-your-writes when reads may go to a replica). One context variable holding a mutable object, so
a flag set inside a view's worker thread is seen by the middleware that created it."""

import itertools
import os
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["RequestContext", "current", "request_id", "begin", "end", "bound", "new_id", "clean_id"]

_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


@dataclass
class RequestContext:
    id: str
    wrote: bool = False  # a write went to the primary during this request or job
    pinned: bool = False  # the client wrote moments ago: read the primary (see ops.replica)


_current: ContextVar[RequestContext | None] = ContextVar("wangge_request", default=None)


# A random prefix per process and a counter: unique across processes and hosts, and ~100× cheaper
# than uuid4 (which reads the OS's random source for every request; profiled in bench/observability).
_PREFIX = os.urandom(8).hex()
_COUNTER = itertools.count(1)


def _reseed():
    global _PREFIX, _COUNTER
    _PREFIX, _COUNTER = os.urandom(8).hex(), itertools.count(1)


os.register_at_fork(after_in_child=_reseed)  # a forked server worker must not repeat its parent's ids


def new_id() -> str:
    """24 hex digits (more after 4 billion requests of one process)."""
    return f"{_PREFIX}{next(_COUNTER):08x}"


def clean_id(value: str | None) -> str | None:
    """A caller's id (X-Request-ID from nginx, a job's carried id) when it is short and plain."""
    return value if value and _ID.match(value) else None


def current() -> RequestContext | None:
    return _current.get()


def request_id() -> str | None:
    context = _current.get()
    return context.id if context else None


def begin(context: RequestContext):
    return _current.set(context)


def end(token):
    _current.reset(token)


@contextmanager
def bound(context: RequestContext):
    token = begin(context)
    try:
        yield context
    finally:
        end(token)
