"""The API's JSON parser: a body must be a JSON object (every DRF view reads `request.data` as a
mapping), except on views that set `json_arrays = True` (the position batch, whose body is an
array; DRF parses it too, for the CSRF check of session clients)."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from geo.api.validation import NOT_AN_OBJECT

__all__ = ["JSONObjectParser"]


class JSONObjectParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        view = (parser_context or {}).get("view")
        if isinstance(data, list) and getattr(view, "json_arrays", False):
            return data
        if not isinstance(data, dict):
            raise ParseError(NOT_AN_OBJECT)
        return data
