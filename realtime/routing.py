"""Websocket routes. Paths are module constants shared by config/asgi.py, the tests and the bench."""

from django.urls import path

from realtime.consumers import InboxConsumer, MapConsumer

__all__ = ["MAP_PATH", "INBOX_PATH", "websocket_urlpatterns"]

MAP_PATH = "ws/map/"  # the live map socket, /ws/map/
INBOX_PATH = "ws/inbox/"  # a person's own notices (militia dispatch), /ws/inbox/

websocket_urlpatterns = [path(MAP_PATH, MapConsumer.as_asgi()), path(INBOX_PATH, InboxConsumer.as_asgi())]
