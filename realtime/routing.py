"""Websocket routes. Paths are module constants shared by config/asgi.py, the tests and the bench."""

from django.urls import path

from realtime.consumers import MapConsumer

__all__ = ["MAP_PATH", "websocket_urlpatterns"]

MAP_PATH = "ws/map/"  # the live map socket, /ws/map/

websocket_urlpatterns = [path(MAP_PATH, MapConsumer.as_asgi())]
