"""People endpoints: search and lists, detail, card, create, change, move. Each view parses, authorises
(jurisdiction in the query, masking in registry.present), calls one service or query, logs the reads
and renders. `purpose` (查阅事由) may accompany any read and is logged with it."""

from dataclasses import fields

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from geo.api.validation import validated
from registry import privacy
from registry.access import log_reads
from registry.api.serializers import (
    MoveInputSerializer,
    PeoplePageSerializer,
    PeopleQuerySerializer,
    PersonInputSerializer,
    PersonRowSerializer,
    PersonUpdateSerializer,
    TransferSerializer,
)
from registry.models import Channel
from registry.present import person_row
from registry.queries import PeopleQuery, person_for, search_people, visible_groups
from registry.services.people import Forbidden, create_person, update_person
from registry.services.transfers import move_person
from registry.views_data import person_card

__all__ = ["PeopleView", "PersonView", "PersonCardView", "PersonMoveView", "RegistryReader"]

_QUERY_FIELDS = {f.name for f in fields(PeopleQuery)}


class RegistryReader(APIView):
    """Refuses roles that may not read people at all (the public) with a 403 naming the reason."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not privacy.may_read_people(request.user):
            raise Forbidden("您的角色不能查看人口信息 (your role cannot read the registry)")


def rows_for(user, people) -> list[dict]:
    disclosure = privacy.disclosure_for(user)
    groups = visible_groups([p.pk for p in people], disclosure.special_groups)
    return [person_row(p, disclosure, groups.get(p.pk, [])) for p in people]


class PeopleView(RegistryReader):
    """人口 `GET`: search (`q` guesses an ID number, a phone or a name prefix) and filters, in the
    user's jurisdiction, `limit`/`offset` paging (`next_offset` null on the last page). Every person
    returned is logged. `POST`: register a person in a house (409 for a registered ID number)."""

    @extend_schema(operation_id="v1_people_list", parameters=[PeopleQuerySerializer], responses=PeoplePageSerializer)
    def get(self, request):
        q = validated(PeopleQuerySerializer, request.query_params)
        query = PeopleQuery(**{k: v for k, v in q.items() if k in _QUERY_FIELDS})
        page = list(
            search_people(request.user, query).select_related("house")[q["offset"] : q["offset"] + q["limit"] + 1]
        )
        more = len(page) > q["limit"]
        page = page[: q["limit"]]
        searched = any((query.q, query.name, query.id_number, query.phone, query.address))
        log_reads(request.user, [p.pk for p in page], Channel.SEARCH if searched else Channel.LIST, q["purpose"])
        return Response(
            {"results": rows_for(request.user, page), "next_offset": q["offset"] + q["limit"] if more else None}
        )

    @extend_schema(request=PersonInputSerializer, responses={201: PersonRowSerializer})
    def post(self, request):
        data = validated(PersonInputSerializer, request.data)
        person = create_person(request.user, house_id=data.pop("house"), **data)
        return Response(rows_for(request.user, [person])[0], status=status.HTTP_201_CREATED)


class PersonView(RegistryReader):
    """One person (logged as a detail read); `PATCH` changes name, phone, ethnicity, registration, status, note."""

    @extend_schema(responses=PersonRowSerializer)
    def get(self, request, pk):
        person = person_for(request.user, pk)
        log_reads(request.user, [person.pk], Channel.DETAIL, request.query_params.get("purpose", ""))
        return Response(rows_for(request.user, [person])[0])

    @extend_schema(request=PersonUpdateSerializer, responses=PersonRowSerializer)
    def patch(self, request, pk):
        changes = validated(PersonUpdateSerializer, request.data)
        person = update_person(request.user, pk, changes)
        return Response(rows_for(request.user, [person])[0])


class PersonCardView(RegistryReader):
    """人员卡片: the person with houses, groups, visits, nearby events, transfers and open warnings (logged)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        return Response(person_card(request.user, pk, request.query_params.get("purpose", "")))


class PersonMoveView(RegistryReader):
    """迁入迁出: move the person to another house (`to_house` null: out of the district); history kept."""

    @extend_schema(request=MoveInputSerializer, responses={201: TransferSerializer})
    def post(self, request, pk):
        data = validated(MoveInputSerializer, request.data)
        t = move_person(
            request.user,
            pk,
            to_house_id=data["to_house"],
            relation=data["relation"],
            on=data.get("date"),
            reason=data["reason"],
        )
        body = {"id": t.pk, "kind": t.kind, "from_code": t.from_code, "to_code": t.to_code, "date": t.date}
        return Response(body, status=status.HTTP_201_CREATED)
