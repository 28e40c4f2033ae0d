"""The lean path: hot endpoints as Starlette handlers ahead of Django (see docs/architecture.md,
"Requests"). Each keeps its Django view's behaviour and tests; everything else falls through to
Django unchanged. Django's own URLs for these stay, so a deployment without this router works."""

import asyncio
import contextlib

from starlette.responses import PlainTextResponse
from starlette.routing import Route, Router

from geo.tiles import lean as tiles_lean
from ops.lean import observed
from tracking import group_commit
from tracking import lean as tracking_lean

__all__ = ["lean_router"]

# The tracker protocols take any method, as their Django views do (Starlette's default is GET).
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@observed("healthz")
async def healthz(request):
    """Liveness for load balancers (and the trivial baseline of bench/osmand.py): no database."""
    return PlainTextResponse("ok")


@contextlib.asynccontextmanager
async def lifespan(app):
    """uvicorn's start-up: warm the intake writers (locate layers, connections) off the loop."""
    await asyncio.get_running_loop().run_in_executor(None, group_commit.warm_up)
    yield


def lean_router(django_app) -> Router:
    """Lean routes first; any other HTTP request (and any slash redirect) goes to `django_app`."""
    return Router(
        routes=[
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
            Route("/osmand/", observed("osmand/")(tracking_lean.osmand), methods=ANY_METHOD),
            Route("/owntracks/", observed("owntracks/")(tracking_lean.owntracks), methods=ANY_METHOD),
            Route(tiles_lean.ROUTE, tiles_lean.LeanTiles(django_app)),
        ],
        default=django_app,
        redirect_slashes=False,
        lifespan=lifespan,
    )
