"""The one way input is read: run an input serializer over a body or a query string and turn every
problem into a BadInput naming the field (`contact.phone` for a nested one), carrying all of them.

Input serializers read types and simple ranges; services check rules. Views call
`validated(Serializer, request.data)` or `validated(Serializer, request.query_params)`."""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from datetime import timezone as tz

from django.utils import timezone
from rest_framework import serializers

from geo.api.errors import invalid_input
from geo.errors import BadInput

__all__ = ["validated", "NOT_AN_OBJECT", "check_calendar", "check_recent", "EARLIEST_RECORD"]

# Any date a client sends lies in these years (birth dates included); arithmetic on 9999-12-31
# (a day added for an inclusive end, a window after a start) would overflow Python's calendar.
YEARS = (1900, 2100)
# Timestamps of things that happened in this system's world (fixes, reports, photos, webhooks)
# are not older than this: a clock left at 1970 or 1980 is a wrong clock, not history.
EARLIEST_RECORD = datetime(2000, 1, 1, tzinfo=tz.utc)

NOT_AN_OBJECT = "请求体应为 JSON 对象 (the body must be a JSON object)"


def validated(serializer_class, data, **kwargs) -> dict:
    """The serializer's validated data; BadInput (400) naming the first bad field otherwise. `data`
    must be a mapping (a JSON object, a form, a query string): a JSON array or scalar is refused as
    the field `body`. `kwargs` go to the serializer (e.g. `context`)."""
    if not isinstance(data, Mapping):
        raise BadInput(NOT_AN_OBJECT, field="body")
    serializer = serializer_class(data=data, **kwargs)
    _bound_dates(serializer)
    if not serializer.is_valid():
        raise invalid_input(serializer.errors)
    return serializer.validated_data


def check_calendar(value, field: str):
    """`value` (a date or datetime) when its year is within YEARS, else BadInput naming `field`."""
    if isinstance(value, (date, datetime)) and not YEARS[0] <= value.year < YEARS[1]:
        raise BadInput(
            f"{field}: 日期应在 {YEARS[0]}–{YEARS[1] - 1} 年之间 (a date between {YEARS[0]} and {YEARS[1] - 1})",
            field=field,
        )
    return value


def check_recent(moment: datetime, field: str, future: timedelta = timedelta(days=1)) -> datetime:
    """`moment` when it lies between EARLIEST_RECORD and now + `future`, else BadInput naming `field`."""
    check_calendar(moment, field)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if not EARLIEST_RECORD <= moment <= timezone.now() + future:
        raise BadInput(
            f"{field}: 时间应在 2000 年之后且不在未来 (a time after 2000 and not in the future)", field=field
        )
    return moment


def _in_calendar(value):
    if isinstance(value, (date, datetime)) and not YEARS[0] <= value.year < YEARS[1]:
        raise serializers.ValidationError(
            f"日期应在 {YEARS[0]}–{YEARS[1] - 1} 年之间 (a date between {YEARS[0]} and {YEARS[1] - 1})"
        )


def _bound_dates(serializer):
    """Every date and time field of this serializer instance (and its nested ones) refuses years
    outside YEARS, before the serializer's own validate() does arithmetic with them."""
    for field in serializer.fields.values():
        if isinstance(field, (serializers.DateField, serializers.DateTimeField)):
            field.validators = [*field.validators, _in_calendar]
        elif isinstance(field, serializers.Serializer):
            _bound_dates(field)
