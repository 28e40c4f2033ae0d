"""Run an input serializer and turn its first error into a BadInput naming the field."""

from geo.errors import BadInput

__all__ = ["validated"]


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        field, messages = next(iter(serializer.errors.items()))
        message = messages[0] if isinstance(messages, list) else messages
        field = "body" if field == "non_field_errors" else field
        raise BadInput(f"{field}: {message}", field=field)
    return serializer.validated_data
