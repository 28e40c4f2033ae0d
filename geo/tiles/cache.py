"""An in-process LRU of rendered tiles, bounded in bytes. Keys carry the layer version, so an edit
makes old entries unreachable at once (they age out); nothing needs invalidating across processes."""

import threading
from collections import OrderedDict

from django.conf import settings

__all__ = ["TileCache", "tile_cache"]


class TileCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key) -> bytes | None:
        with self._lock:
            data = self._entries.get(key)
            if data is not None:
                self._entries.move_to_end(key)
            return data

    def put(self, key, data: bytes):
        if len(data) > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = data
            self._bytes += len(data)
            while self._bytes > self.max_bytes:
                _, old = self._entries.popitem(last=False)
                self._bytes -= len(old)

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._bytes = 0


tile_cache = TileCache(settings.TILE_CACHE_MB * 1024 * 1024)
