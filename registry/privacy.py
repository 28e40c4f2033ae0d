"""Who sees what of a person, decided and applied here and nowhere else (minimum necessary).

- ID numbers and phones: in full for the roles in REGISTRY_UNMASKED_ROLES (grid workers and leaders
  by default: their own grid's people) and superusers; masked for everyone else. Analysts always get
  masked values (and names), and aggregates.
- Special-group memberships (重点人群) and their map layer: roles in REGISTRY_SPECIAL_GROUP_ROLES.
- The access log: district-level command operators and GIS admins, and superusers.
Jurisdiction (which people at all) is the queryset's `visible_to`; this module decides how much of
a visible person shows."""

from dataclasses import dataclass

from accounts.models import Role
from accounts.privacy import mask_id_number, mask_name, mask_phone
from registry import conf

__all__ = [
    "Disclosure",
    "disclosure_for",
    "mask_id_number",
    "mask_phone",
    "mask_name",
    "present_id_number",
    "present_phone",
    "present_name",
    "may_edit",
    "may_read_people",
    "may_see_special_groups",
    "may_view_access_log",
]


@dataclass(frozen=True)
class Disclosure:
    full: bool  # ID numbers and phones in full
    names: bool  # names in full (analysts get 张*)
    special_groups: bool


def disclosure_for(user) -> Disclosure:
    if user.is_superuser:
        return Disclosure(full=True, names=True, special_groups=True)
    analyst = user.role == Role.ANALYST
    return Disclosure(
        full=not analyst and user.role in conf.UNMASKED_ROLES,
        names=not analyst,
        special_groups=not analyst and user.role in conf.SPECIAL_GROUP_ROLES,
    )


def present_id_number(number: str, disclosure: Disclosure) -> str:
    return number if disclosure.full else mask_id_number(number)


def present_phone(phone: str, disclosure: Disclosure) -> str:
    return phone if disclosure.full or not phone else mask_phone(phone)


def present_name(name: str, disclosure: Disclosure) -> str:
    return name if disclosure.names else mask_name(name)


def may_read_people(user) -> bool:
    return user.is_superuser or user.role != Role.PUBLIC


def may_edit(user) -> bool:
    return user.is_superuser or user.role in conf.EDITOR_ROLES


def may_see_special_groups(user) -> bool:
    return disclosure_for(user).special_groups


def may_view_access_log(user) -> bool:
    if user.is_superuser:
        return True
    district_wide = user.jurisdiction.prefix is not None and len(user.jurisdiction.prefix) <= 6
    return district_wide and user.role in (Role.COMMAND_OPERATOR, Role.GIS_ADMIN)
