from django.urls import path

from realtime.consumers import INBOX_PATH, MAP_PATH, InboxConsumer, MapConsumer

websocket_urlpatterns = [path(MAP_PATH, MapConsumer.as_asgi()), path(INBOX_PATH, InboxConsumer.as_asgi())]
