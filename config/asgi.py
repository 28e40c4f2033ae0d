"""ASGI entry point (scripts/serve.sh: one server process per core): HTTP and the live-map
websocket. The hot paths (config/lean.py) answer ahead of Django; the rest is Django. Static files
are served by the app itself so one process works offline with no proxy; behind a proxy (deploy/),
serve STATIC_ROOT from it."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from config.lean import lean_router  # noqa: E402
from realtime.auth import BrowserOriginValidator, TokenOrSessionAuth  # noqa: E402
from realtime.broadcast import start_ticker  # noqa: E402
from realtime.routing import websocket_urlpatterns  # noqa: E402


class WithTicker:
    """Starts the position ticker in the server's event loop on the first request: a process that
    only ingests must still send its coalesced frames to the other processes."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            start_ticker()
        return await self.app(scope, receive, send)


application = WithTicker(
    ProtocolTypeRouter(
        {
            "http": lean_router(ASGIStaticFilesHandler(django_asgi_app)),
            "websocket": BrowserOriginValidator(TokenOrSessionAuth(URLRouter(websocket_urlpatterns))),
            "lifespan": lean_router(None),  # uvicorn's start-up and shut-down: nothing to do
        }
    )
)
