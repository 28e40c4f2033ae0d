"""The demo-step registry: `manage.py load_demo` runs every app's steps in order, so the apps below
never import the apps above them. grids registers the district (areas, grids, micro-grids,
places) and its people; tracking their devices; later apps add their own steps the same way, from
their AppConfig.ready(). Each step writes inside load_demo's one transaction; `delete` steps run in
reverse order on `--reset`, before the district goes."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

__all__ = ["DemoContext", "DemoStep", "register", "steps", "load_demo", "delete_demo"]


@dataclass
class DemoContext:
    """What the steps share: the generated district (grids.demo.generate.DemoDistrict) and the
    rows written so far, by code or username; `extra` for what later apps hand each other."""

    district: object
    areas: dict = field(default_factory=dict)  # code → AdminArea
    grids: dict = field(default_factory=dict)  # code → Grid
    users: dict = field(default_factory=dict)  # username → User
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DemoStep:
    order: int  # grids 100–500, tracking 600; later apps (events, registry, militia) pick free numbers above
    label: str  # shown while loading, e.g. "网格 grids"
    load: Callable[[DemoContext], None]
    delete: Callable[[], None] | None = None


_steps: dict[str, DemoStep] = {}


def register(name: str, step: DemoStep) -> DemoStep:
    """Register (or replace) the step called `name`."""
    _steps[name] = step
    return step


def steps() -> list[DemoStep]:
    return sorted(_steps.values(), key=lambda s: s.order)


@transaction.atomic
def load_demo(context: DemoContext, progress: Callable[[str], None] = lambda label: None) -> None:
    """Run every step's `load` in order, in one transaction."""
    for step in steps():
        progress(step.label)
        step.load(context)


@transaction.atomic
def delete_demo() -> None:
    """Run every step's `delete` in reverse order, in one transaction."""
    for step in reversed(steps()):
        if step.delete:
            step.delete()
