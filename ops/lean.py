"""What ops.middleware does for Django requests, for the lean path's Starlette handlers
(config/asgi.py): a request id (the caller's `X-Request-ID` or a new one) echoed in the response
and carried by log lines, the request counted and timed by route for /metrics, the access log line."""

import functools
import logging
import time

from ops import context, metrics

__all__ = ["observed"]

access_log = logging.getLogger("wangge.access")


def observed(route: str):
    """Decorate a Starlette endpoint served as `route` (the name /metrics shows)."""

    def wrap(handler):
        @functools.wraps(handler)
        async def endpoint(request):
            started = time.perf_counter()
            state = context.RequestContext(id=context.clean_id(request.headers.get("x-request-id")) or context.new_id())
            token = context.begin(state)
            try:
                response = await handler(request)
            finally:
                context.end(token)
            seconds = time.perf_counter() - started
            metrics.observe_request(route, request.method, response.status_code, seconds)
            response.headers["X-Request-ID"] = state.id
            if access_log.isEnabledFor(logging.INFO):
                path = request.url.path
                access_log.info(
                    "%s %s %s %.1f ms",
                    request.method,
                    path,
                    response.status_code,
                    seconds * 1000,
                    extra={
                        "request_id": state.id,
                        "method": request.method,
                        "path": path,
                        "route": route,
                        "status": response.status_code,
                        "duration_ms": round(seconds * 1000, 1),
                    },
                )
            return response

        return endpoint

    return wrap
