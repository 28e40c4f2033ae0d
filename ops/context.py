"""The current request (or job): its id for the logs, and whether it wrote to the primary (for
read-your-writes when reads may go to a replica). One context variable holding a mutable object, so
a flag set inside a view's worker thread is seen by the middleware that created it."""

import re
import uuid
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


def new_id() -> str:
    return uuid.uuid4().hex


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
