"""ASGI entry point (daphne). Static files are served by the app itself so one process works
offline with no proxy; behind a proxy, serve STATIC_ROOT from the proxy instead."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from channels.routing import ProtocolTypeRouter  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

application = ProtocolTypeRouter({"http": ASGIStaticFilesHandler(django_asgi_app)})
