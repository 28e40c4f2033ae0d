"""Content-Security-Policy on every page: scripts only from this site (our ES modules and the npm
packages Django serves; page data travels in `json_script` blocks, which are data, not code),
styles from this site (inline styles allowed: MapLibre and a few templates set them), images,
tiles and sockets from this site plus the configured base-map hosts (BASEMAP_URL), and no
framing. JSON and tiles carry no policy: only HTML runs in a browser."""

from urllib.parse import urlsplit

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings

__all__ = ["ContentSecurityPolicyMiddleware", "policy"]


def _basemap_origins() -> list[str]:
    origins = []
    for url in settings.BASEMAP_URLS:
        parts = urlsplit(url.replace("{", "").replace("}", ""))
        if parts.scheme in ("http", "https") and parts.hostname:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins


def policy() -> str:
    tiles = " ".join(_basemap_origins())
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": f"'self' data: blob: {tiles}".strip(),
        "connect-src": f"'self' ws: wss: {tiles}".strip(),
        "font-src": "'self' data:",
        "worker-src": "'self' blob:",
        "child-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = policy()
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        return self._add(self.get_response(request))

    async def _acall(self, request):
        return self._add(await self.get_response(request))

    def _add(self, response):
        if response.get("Content-Type", "").startswith("text/html") and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
