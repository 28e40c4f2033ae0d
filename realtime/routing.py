from django.urls import path

from realtime.consumers import MAP_PATH, MapConsumer

websocket_urlpatterns = [path(MAP_PATH, MapConsumer.as_asgi())]
