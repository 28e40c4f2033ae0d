"""The API's JSON parser: a body must be a JSON object (every DRF view reads `request.data` as a
mapping; the position batch, whose body is an array, reads it through geo.api.body.read_json)."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from geo.api.validation import NOT_AN_OBJECT

__all__ = ["JSONObjectParser"]


class JSONObjectParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(NOT_AN_OBJECT)
        return data
