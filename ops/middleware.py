"""One middleware, first in the chain: gives each request an id (the caller's `X-Request-ID` when
it sends a plain one, e.g. nginx's `$request_id`; else a new one) that every log line of the request
carries and the response echoes; counts and times the request by route for /metrics; writes the
access log line; remembers a write so that the client's next reads go to the primary (ops.replica)."""

import logging
import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from ops import conf, context, metrics
from ops.replica import replica_configured

__all__ = ["RequestMiddleware", "PIN_COOKIE"]

access_log = logging.getLogger("wangge.access")
PIN_COOKIE = "wangge_primary"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class RequestMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        started, state, token = self._begin(request)
        try:
            response = self.get_response(request)
        finally:
            context.end(token)
        return self._finish(request, response, started, state)

    async def _acall(self, request):
        started, state, token = self._begin(request)
        try:
            response = await self.get_response(request)
        finally:
            context.end(token)
        return self._finish(request, response, started, state)

    @staticmethod
    def _begin(request):
        state = context.RequestContext(
            id=context.clean_id(request.META.get("HTTP_X_REQUEST_ID")) or context.new_id(),
            wrote=request.method in UNSAFE_METHODS,
            pinned=PIN_COOKIE in request.COOKIES,
        )
        request.request_id = state.id
        return time.perf_counter(), state, context.begin(state)

    @staticmethod
    def _finish(request, response, started, state):
        seconds = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        route = (match.route or match.view_name or "?") if match else "unmatched"
        metrics.observe_request(route, request.method, response.status_code, seconds)
        metrics.update_pools()
        response["X-Request-ID"] = state.id
        if state.wrote and response.status_code < 400 and replica_configured():
            # Read-your-writes across requests: this client reads the primary for a few seconds.
            response.set_cookie(PIN_COOKIE, "1", max_age=conf.REPLICA_PIN_SECONDS, httponly=True, samesite="Lax")
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(
                "%s %s %s %.1f ms",
                request.method,
                request.path,
                response.status_code,
                seconds * 1000,
                extra={
                    "request_id": state.id,
                    "method": request.method,
                    "path": request.path,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
        return response
