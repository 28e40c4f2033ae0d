"""The demo-step registry: `manage.py load_demo` runs every app's steps in order, so the apps below
never import the apps above them. grids registers the district (areas, grids, micro-grids,
places) and its people; tracking their devices; later apps add their own steps the same way, from
their AppConfig.ready(). Each step writes inside load_demo's one transaction; `delete` steps run in
reverse order on `--reset`, before the district goes. An add-on step (`add_on=True`) also runs when
the district is already there, so an app added to a running installation brings its demo data on
the next `load_demo`; such a step checks by itself whether its data is loaded. An optional step
(`option="events"`) runs only when asked for (`load_demo --with events`, as `make run` does), on a
new district or over one loaded earlier (checking by itself, like an add-on): the test fixtures
load the district without it."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

__all__ = ["DemoContext", "DemoStep", "register", "steps", "options", "load_demo", "load_add_ons", "delete_demo"]


@dataclass
class DemoContext:
    """What the steps share: the generated district (grids.demo.generate.DemoDistrict) and the
    rows written so far, by code or username; `extra` for what later apps hand each other."""

    district: object
    areas: dict = field(default_factory=dict)  # code → AdminArea
    grids: dict = field(default_factory=dict)  # code → Grid
    users: dict = field(default_factory=dict)  # username → User
    extra: dict = field(default_factory=dict)
    say: Callable[[str], None] = lambda label: None  # progress of a step's own parts


@dataclass(frozen=True)
class DemoStep:
    order: int  # grids 100–500, tracking 600; later apps (events, registry, militia) pick free numbers above
    label: str  # shown while loading, e.g. "网格 grids"
    load: Callable[[DemoContext], None]
    delete: Callable[[], None] | None = None
    add_on: bool = False  # loads on top of an existing district too (idempotent by itself)
    option: str = ""  # runs only when load_demo is asked for this option (then also as an add-on)


_steps: dict[str, DemoStep] = {}


def register(name: str, step: DemoStep) -> DemoStep:
    """Register (or replace) the step called `name`."""
    _steps[name] = step
    return step


def steps(options=()) -> list[DemoStep]:
    """The steps in order: all but the optional ones not in `options`."""
    return sorted((s for s in _steps.values() if not s.option or s.option in options), key=lambda s: s.order)


def options() -> list[str]:
    return sorted({s.option for s in _steps.values() if s.option})


@transaction.atomic
def load_demo(context: DemoContext, progress: Callable[[str], None] = lambda label: None, options=()) -> None:
    """Run every step's `load` in order (the optional ones named in `options` too), in one transaction."""
    for step in steps(options):
        progress(step.label)
        step.load(context)


def load_add_ons(progress: Callable[[str], None] = lambda label: None, options=()) -> None:
    """Run the add-on steps (and the optional ones named in `options`) over a district loaded
    earlier, each in its own transaction."""
    for step in steps(options):
        if step.add_on or step.option:
            progress(step.label)
            with transaction.atomic():
                step.load(DemoContext(district=None, say=progress))


@transaction.atomic
def delete_demo() -> None:
    """Run every step's `delete` in reverse order, in one transaction."""
    for step in reversed(steps(options())):
        if step.delete:
            step.delete()
