"""The one way input is read: run an input serializer over a body or a query string and turn every
problem into a BadInput naming the field (`contact.phone` for a nested one), carrying all of them.

Input serializers read types and simple ranges; services check rules. Views call
`validated(Serializer, request.data)` or `validated(Serializer, request.query_params)`."""

from collections.abc import Mapping

from geo.api.errors import invalid_input
from geo.errors import BadInput

__all__ = ["validated", "NOT_AN_OBJECT"]

NOT_AN_OBJECT = "请求体应为 JSON 对象 (the body must be a JSON object)"


def validated(serializer_class, data, **kwargs) -> dict:
    """The serializer's validated data; BadInput (400) naming the first bad field otherwise. `data`
    must be a mapping (a JSON object, a form, a query string): a JSON array or scalar is refused as
    the field `body`. `kwargs` go to the serializer (e.g. `context`)."""
    if not isinstance(data, Mapping):
        raise BadInput(NOT_AN_OBJECT, field="body")
    serializer = serializer_class(data=data, **kwargs)
    if not serializer.is_valid():
        raise invalid_input(serializer.errors)
    return serializer.validated_data
