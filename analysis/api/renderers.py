"""File renderers for `?format=`: the view hands them the file's bytes (analysis.exports)."""

from rest_framework.renderers import BaseRenderer, JSONRenderer

from analysis.exports import FORMATS

__all__ = ["FILE_RENDERERS", "json_on_error"]


class _FileRenderer(BaseRenderer):
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


FILE_RENDERERS = [
    type(f"{fmt.title()}FileRenderer", (_FileRenderer,), {"format": fmt, "media_type": media_type.split(";")[0]})
    for fmt, (_, media_type, _) in FORMATS.items()
]
_FILE_FORMATS = {r.format for r in FILE_RENDERERS}


def json_on_error(request, response):
    """Errors are JSON whatever file format was asked for."""
    renderer = getattr(request, "accepted_renderer", None)
    if response.status_code >= 400 and getattr(renderer, "format", None) in _FILE_FORMATS:
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
