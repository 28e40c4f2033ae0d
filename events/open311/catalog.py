"""Services from the category tree. A service is an active category without active children; its
`group` is its parent's name. A service's extra fields (`attribute[code]` in a POST) are set per
category subtree in SUBTREE_ATTRIBUTES: the category model has no custom fields of its own."""

import math
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from events.models import Category, Priority
from geo import choices
from geo.errors import BadInput, NotFound

__all__ = [
    "Attribute",
    "SUBTREE_ATTRIBUTES",
    "attributes_for",
    "services",
    "service",
    "service_item",
    "service_definition",
    "service_notice",
    "read_attributes",
]

_RELATED = ("parent", "department", "parent__department", "parent__parent__department")
_TEXT_LIMIT = 500


@dataclass(frozen=True)
class Attribute:
    """One field of a service definition. `datatype`: string, number, datetime, text,
    singlevaluelist or multivaluelist; `values`: (key, name) pairs of a list."""

    code: str
    datatype: str
    description: str
    required: bool = False
    values: tuple[tuple[str, str], ...] = ()
    datatype_description: str | None = None

    def as_item(self, order: int) -> dict:
        item = {
            "variable": True,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description,
            "order": order,
            "description": self.description,
        }
        if self.datatype.endswith("valuelist"):
            item["values"] = [{"key": key, "name": choices.source_text(name)} for key, name in self.values]
        return item


PRIORITY = Attribute(
    "priority", "singlevaluelist", "紧急程度 (urgency)", values=tuple((str(p.value), p.label) for p in Priority)
)
PEOPLE = Attribute(
    "people_affected",
    "number",
    "涉及人数 (how many people are involved)",
    datatype_description="整数 1–100000 (a whole number)",
)

# category code (and its subtree) → extra fields, in the order a client should show them
SUBTREE_ATTRIBUTES: dict[str, tuple[Attribute, ...]] = {
    "safety": (PRIORITY,),
    "public_order": (PRIORITY, PEOPLE),
    "dispute": (PEOPLE,),
}


def attributes_for(code: str) -> tuple[Attribute, ...]:
    found: dict[str, Attribute] = {}
    for prefix, attributes in SUBTREE_ATTRIBUTES.items():
        if code == prefix or code.startswith(prefix + "."):
            for attribute in attributes:
                found.setdefault(attribute.code, attribute)
    return tuple(found.values())


def services() -> list[Category]:
    """Active leaf categories, by code (one query)."""
    categories = list(Category.objects.filter(active=True).select_related(*_RELATED))
    parents = {c.parent_id for c in categories if c.parent_id}
    return [c for c in categories if c.pk not in parents]


def service(code: str) -> Category:
    """The service `code`; NotFound when it is unknown, inactive or a group of services."""
    children = Category.objects.filter(parent=OuterRef("pk"), active=True)
    found = (
        Category.objects.filter(~Exists(children), code=code, active=True)
        .select_related("parent", "department")
        .first()
    )
    if found is None:
        raise NotFound(f"服务 {code!r} 不存在 (service_code {code!r} not found)", field="service_code")
    return found


def service_notice(category: Category) -> str:
    department, hours = category.effective_department(), category.effective_deadline_hours()
    who = department.name if department else "区指挥中心"
    if hours is None:
        return f"{who}将尽快处置 (to be handled by {who})"
    return f"{who}将在{hours}小时内处置 (to be handled by {who} within {hours} hours)"


def _description(category: Category) -> str:
    text = category.description or service_notice(category)
    if category.photo_required:
        text += "；须附照片 media_url (a photo is required: media_url)"
    return text


def service_item(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": _description(category),
        "metadata": bool(attributes_for(category.code)),
        "type": "realtime",
        "keywords": ", ".join(c.name for c in category.lineage()),
        "group": category.parent.name if category.parent_id else category.name,
    }


def service_definition(category: Category) -> dict:
    return {
        "service_code": category.code,
        "attributes": [a.as_item(i) for i, a in enumerate(attributes_for(category.code), start=1)],
    }


def _number(value: str, param: str) -> int | float:
    try:
        number = float(value)
    except ValueError:
        raise BadInput(f"{param} 应为数字 ({param} must be a number)", field=param) from None
    if not math.isfinite(number):
        raise BadInput(f"{param} 应为数字 ({param} must be a number)", field=param)
    return int(number) if number.is_integer() else number


def _read(attribute: Attribute, values: list[str]):
    param = f"attribute[{attribute.code}]"
    keys = [key for key, _ in attribute.values]
    if attribute.datatype == "multivaluelist":
        unknown = [v for v in values if v not in keys]
        if unknown:
            raise BadInput(
                f"{param} 的取值 {unknown} 无效，可选 {', '.join(keys)} ({param} takes {', '.join(keys)})", field=param
            )
        return values
    value = values[-1]
    if attribute.datatype == "singlevaluelist" and value not in keys:
        raise BadInput(
            f"{param} 的取值 {value!r} 无效，可选 {', '.join(keys)} ({param} takes {', '.join(keys)})", field=param
        )
    if attribute is PEOPLE:
        number = _number(value, param)
        if not isinstance(number, int) or not 1 <= number <= 100000:
            raise BadInput(f"{param} 应为 1–100000 的整数 ({param} must be a whole number 1–100000)", field=param)
        return number
    if attribute.datatype == "number":
        return _number(value, param)
    if len(value) > _TEXT_LIMIT:
        raise BadInput(f"{param} 超过 {_TEXT_LIMIT} 字 ({param} is longer than {_TEXT_LIMIT} characters)", field=param)
    return value


def read_attributes(category: Category, raw: dict[str, list[str]]) -> tuple[int | None, dict]:
    """(priority or None, the other fields by code) from `attribute[code]` values; BadInput naming
    the parameter for a missing required field or a value the definition does not allow. Fields the
    service does not define are ignored, as clients may send a superset."""
    priority, values = None, {}
    for attribute in attributes_for(category.code):
        given = [v.strip() for v in raw.get(attribute.code, []) if v.strip()]
        if not given:
            if attribute.required:
                raise BadInput(
                    f"attribute[{attribute.code}] 不能为空 ({attribute.description} is required)",
                    field=f"attribute[{attribute.code}]",
                )
            continue
        value = _read(attribute, given)
        if attribute is PRIORITY:
            priority = int(value)
        else:
            values[attribute.code] = value
    return priority, values
