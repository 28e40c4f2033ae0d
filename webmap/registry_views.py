"""The registry screens (以房管人): people search and list with the person card, the person card on
its own page, and the building view (楼盘表). Pages render their frame, their strings (from the
translation catalogue) and what the scripts need; the rows come from the registry API, which cuts
them to the jurisdiction, masks them by role and logs every person it returns."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from registry import privacy
from registry.models import (
    BuildingKind,
    DocumentType,
    Gender,
    GroupCategory,
    GroupKind,
    HouseUse,
    Level,
    PersonStatus,
    Registration,
    Relation,
    RuleKind,
    TransferKind,
)

__all__ = ["people_page", "person_page", "building_page"]


def _choices(choices) -> dict:
    return {value: str(label) for value, label in choices}


def _strings() -> dict:
    return {
        "people": _("人口信息"),
        "search": _("身份证号、手机号或姓名"),
        "find": _("查询"),
        "filters": _("筛选"),
        "area": _("区域编码"),
        "group": _("人群类别"),
        "level": _("管控等级"),
        "registration": _("户籍类型"),
        "all": _("全部"),
        "more": _("加载更多"),
        "loading": _("加载中…"),
        "none": _("无"),
        "nothing": _("没有符合条件的人员"),
        "name": _("姓名"),
        "gender": _("性别"),
        "age": _("年龄"),
        "id_number": _("证件号码"),
        "phone": _("联系电话"),
        "address": _("现住址"),
        "houses": _("房屋"),
        "groups": _("人群"),
        "visits": _("走访记录"),
        "events": _("附近事项"),
        "transfers": _("迁入迁出"),
        "warnings": _("预警"),
        "relation": _("关系"),
        "since": _("起始"),
        "until": _("结束"),
        "masked": _("部分信息已按权限脱敏"),
        "building_view": _("楼盘表"),
        "floor": _("层"),
        "unit": _("单元"),
        "occupancy": _("居住人数"),
        "residents": _("住户"),
        "open_card": _("人员卡片"),
        "close": _("关闭"),
        "status": _("状态"),
        "document": _("证件类型"),
        "ethnicity": _("民族"),
        "years": _("岁"),
        "people_count": _("实有人口"),
        "card": _("人员卡片"),
        "every_days": _("每 {n} 天走访"),
        "by": _("走访人"),
        "not_accepted": _("未通过佐证"),
        "legend": _("图例"),
        "floors": _("层数"),
        "kind": _("类型"),
        "flags": {
            "rented": _("出租"),
            "group_rental": _("群租"),
            "empty": _("无人居住"),
            "over_occupancy": _("超员"),
            "special": _("重点人群"),
            "care": _("关爱对象"),
            "warning": _("预警"),
            "rental_expired": _("租约到期"),
        },
    }


def _config(user) -> dict:
    kinds = GroupKind.objects.filter(active=True)
    if not privacy.may_see_special_groups(user):
        kinds = kinds.exclude(category=GroupCategory.SPECIAL)
    return {
        "strings": _strings(),
        "choices": {
            "gender": _choices(Gender.choices),
            "document_type": _choices(DocumentType.choices),
            "registration": _choices(Registration.choices),
            "status": _choices(PersonStatus.choices),
            "relation": _choices(Relation.choices),
            "use": _choices(HouseUse.choices),
            "level": _choices(Level.choices),
            "kind": _choices(BuildingKind.choices),
            "warning": _choices(RuleKind.choices),
            "transfer": _choices(TransferKind.choices),
            "group": {k.code: k.name for k in kinds},
        },
    }


def _readers_only(request):
    if not privacy.may_read_people(request.user):
        raise PermissionDenied


@login_required
def people_page(request):
    _readers_only(request)
    return render(request, "webmap/registry_people.html", {"page": _config(request.user)})


@login_required
def person_page(request, pk: int):
    _readers_only(request)
    return render(request, "webmap/registry_person.html", {"page": {**_config(request.user), "person": pk}})


@login_required
def building_page(request, pk: int):
    _readers_only(request)
    return render(request, "webmap/registry_building.html", {"page": {**_config(request.user), "building": pk}})
