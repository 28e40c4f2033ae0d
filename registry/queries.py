"""Reading the registry: people search and lists, the person card, the building view (楼盘表) and
counts per area. Everything is cut to the user's jurisdiction here; what of a person shows is
registry.privacy's; every person returned is logged by the caller through registry.access."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from geo.errors import BadInput, NotFound
from registry.identity import lookup_hash
from registry.models import GroupCategory, GroupMembership, House, Person

__all__ = ["PeopleQuery", "people_for", "search_people", "person_for", "area_counts", "COUNT_LEVELS"]

ID_LIKE = re.compile(r"[0-9A-Za-z]{15,18}")
PHONE_LIKE = re.compile(r"1\d{10}")
COUNT_LEVELS = {"street": 9, "community": 12, "grid": 15, "micro_grid": 18}


@dataclass(frozen=True)
class PeopleQuery:
    q: str = ""  # guessed: an ID number, a phone, else a name prefix
    name: str = ""  # name prefix
    id_number: str = ""  # exact, any document type
    phone: str = ""  # exact
    address: str = ""  # prefix of the house address
    code: str = ""  # area code prefix (street/community/grid/micro-grid)
    group: str = ""  # group kind code
    level: str = ""  # management level of a current membership
    registration: str = ""
    status: str = ""
    gender: str = ""
    house: int | None = None


def people_for(user) -> QuerySet:
    return Person.objects.visible_to(user.jurisdiction)


def _text_filter(query: PeopleQuery) -> tuple[Q, bool]:
    """(filter, ordered by name). An ID or phone number is an exact match on its own index."""
    q = Q()
    by_name = False
    guess = query.q.strip()
    if guess:
        if ID_LIKE.fullmatch(guess) and not PHONE_LIKE.fullmatch(guess):
            q &= Q(id_hash=lookup_hash(guess))
        elif PHONE_LIKE.fullmatch(guess):
            q &= Q(phone=guess)
        else:
            q &= Q(name__startswith=guess)
            by_name = True
    if query.name:
        q &= Q(name__startswith=query.name.strip())
        by_name = True
    if query.id_number:
        q &= Q(id_hash=lookup_hash(query.id_number))
    if query.phone:
        q &= Q(phone=query.phone.strip())
    if query.address:
        q &= Q(house__address__startswith=query.address.strip())
    return q, by_name


def search_people(user, query: PeopleQuery) -> QuerySet:
    """People matching every given filter inside the user's jurisdiction, ordered by area (or by
    name for a name search)."""
    people = people_for(user)
    text, by_name = _text_filter(query)
    people = people.filter(text)
    if query.code:
        if not query.code.isdigit():
            raise BadInput("code: 须为数字编码前缀 (a numeric code prefix)", field="code")
        people = people.filter(location_code__startswith=query.code)
    for field in ("registration", "status", "gender"):
        value = getattr(query, field)
        if value:
            people = people.filter(**{field: value})
    if query.house is not None:
        people = people.filter(residences__house_id=query.house, residences__until__isnull=True)
    if query.group or query.level:
        members = GroupMembership.objects.current()
        if query.group:
            members = members.filter(kind__code=query.group)
        if query.level:
            members = members.filter(level=query.level)
        if query.code:
            members = members.filter(location_code__startswith=query.code)
        people = people.filter(id__in=members.values("person_id"))
    return people.order_by("name", "id") if by_name else people.order_by("location_code", "id")


def person_for(user, pk: int) -> Person:
    person = people_for(user).select_related("house").filter(pk=pk).first()
    if person is None:
        raise NotFound(f"人员 {pk} 不存在或不在您的辖区内 (no such person in your jurisdiction)", field="id")
    return person


def visible_groups(person_ids, special: bool) -> dict[int, list[GroupMembership]]:
    """Current memberships per person; special-group ones only for those allowed to see them."""
    members = GroupMembership.objects.current().filter(person_id__in=list(person_ids)).select_related("kind")
    if not special:
        members = members.exclude(kind__category=GroupCategory.SPECIAL)
    out: dict[int, list[GroupMembership]] = {}
    for m in members:
        out.setdefault(m.person_id, []).append(m)
    return out


_COUNTS_SQL = """
SELECT left(location_code, %(n)s) AS code, sum(buildings), sum(houses), sum(people), sum(special), sum(care)
FROM registry_areacount
WHERE location_code LIKE %(prefix)s || '%%' AND length(location_code) >= %(n)s
GROUP BY 1 ORDER BY 1
"""


def area_counts(user, level: str, within: str = "", special: bool = False) -> list[dict]:
    """Buildings, houses, people (and group memberships) per street/community/grid/micro-grid inside
    the user's jurisdiction, from the trigger-kept per-area counts (registry.AreaCount)."""
    if level not in COUNT_LEVELS:
        raise BadInput(f"by: 可选 {', '.join(COUNT_LEVELS)} (one of these)", field="by")
    prefix = user.jurisdiction.prefix
    if prefix is None:
        return []
    if within:
        if not within.isdigit():
            raise BadInput("code: 须为数字编码前缀 (a numeric code prefix)", field="code")
        if not (within.startswith(prefix) or prefix.startswith(within)):
            return []
        prefix = max(prefix, within, key=len)
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS_SQL, {"n": COUNT_LEVELS[level], "prefix": prefix})
        rows = cursor.fetchall()
    out = []
    for code, buildings, houses, people, special_n, care in rows:
        row = {"code": code, "buildings": buildings, "houses": houses, "people": people, "care": care}
        if special:
            row["special"] = special_n
        out.append(row)
    return out


def houses_for(user) -> QuerySet:
    return House.objects.visible_to(user.jurisdiction)
