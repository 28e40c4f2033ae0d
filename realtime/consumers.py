"""The live map socket. Thin: authenticate, join the street groups of the jurisdiction, send the
snapshot, then pass on the frames that fall inside the jurisdiction and the client's viewport."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from ops import metrics
from realtime import registry
from realtime.broadcast import start_ticker
from realtime.groups import area_groups_for_prefix, user_group

__all__ = ["MapConsumer", "InboxConsumer", "CLOSE_UNAUTHENTICATED", "CLOSE_NO_JURISDICTION"]

CLOSE_UNAUTHENTICATED = 4401
CLOSE_NO_JURISDICTION = 4403
# Live layers a client may switch off; frame kinds other than positions map to them.
LAYERS = {"workers", "checkins", "events", "notices", "screens", "overview"}
_LAYER_OF_KIND = {
    "checkin": "checkins",
    "event": "events",
    "notice": "notices",
    "screens": "screens",
    "overview": "overview",
}
# Frames every map in the area gets whatever its layers: `areas_changed` (a grid adjustment) makes
# it reload its area tiles. Its payload names the grid `codes` it touched.
AREA_KINDS = {"areas_changed"}


class JsonConsumer(AsyncJsonWebsocketConsumer):
    """A message that is not JSON (or nests past what the decoder handles) gets the documented error
    frame instead of closing the socket with 1011."""

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = await self.decode_json(text_data if text_data is not None else bytes_data)
        except (ValueError, RecursionError, UnicodeDecodeError, TypeError):
            await self.send_json({"type": "error", "detail": "消息不是有效的 JSON (the message is not JSON)"})
            return
        await self.receive_json(content, **kwargs)


class MapConsumer(JsonConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.prefix = user.jurisdiction.prefix
        if self.prefix is None:
            await self.close(code=CLOSE_NO_JURISDICTION)
            return
        self.bbox = None
        self.layers = set(LAYERS)
        streets = await database_sync_to_async(registry.streets)()
        self.groups = area_groups_for_prefix(self.prefix, streets)
        for group in self.groups:
            await self.channel_layer.group_add(group, self.channel_name)
        start_ticker()
        await self.accept()
        metrics.websocket_opened()
        self.counted = True
        for frame in await database_sync_to_async(registry.snapshot_frames)(self.prefix):
            await self.send_json(frame)

    async def disconnect(self, code):
        if getattr(self, "counted", False):
            metrics.websocket_closed()
            self.counted = False
        for group in getattr(self, "groups", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def send_json(self, content, close=False):
        metrics.frame_sent(content.get("type", ""))
        await super().send_json(content, close=close)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "viewport":
            self.bbox = _bbox(content.get("bbox"))
            if self.bbox is None:
                await self.send_json({"type": "error", "detail": "bbox 应为 [min_lon, min_lat, max_lon, max_lat]"})
        elif kind == "layers" and isinstance(content.get("layers"), list):
            self.layers = LAYERS & set(content["layers"])
        else:
            await self.send_json({"type": "error", "detail": "未知消息 (expected viewport or layers)"})

    def _visible(self, item: dict) -> bool:
        if not item.get("code", "").startswith(self.prefix):
            return False
        if self.bbox is None or "lon" not in item:
            return True
        west, south, east, north = self.bbox
        return west <= item["lon"] <= east and south <= item["lat"] <= north

    async def map_positions(self, event):
        if "workers" not in self.layers:
            return
        workers = [registry.worker_view(w, self.prefix) for w in event["workers"] if self._visible(w)]
        if workers:
            await self.send_json({"type": "positions", "workers": workers})

    async def map_frame(self, event):
        if event["kind"] in AREA_KINDS:
            codes = event["payload"].get("codes", [])
            if any(c.startswith(self.prefix) or self.prefix.startswith(c) for c in codes):
                await self.send_json({"type": event["kind"], **event["payload"]})
            return
        if _LAYER_OF_KIND.get(event["kind"]) in self.layers and self._visible(event["payload"]):
            await self.send_json({"type": event["kind"], **event["payload"]})


class InboxConsumer(JsonConsumer):
    """One person's inbox (the phone page): frames sent to them alone, e.g. a dispatch notice."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "error", "detail": "此通道只接收 (this socket only receives)"})

    async def inbox_frame(self, event):
        await self.send_json({"type": event["kind"], **event["payload"]})


def _bbox(value):
    try:
        west, south, east, north = (float(v) for v in value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return None
    return west, south, east, north
