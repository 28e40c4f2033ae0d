"""Demo steps that apps above grids add to `manage.py load_demo` (registration instead of upward
imports: grids never imports militia). Each step loads its own demo data on top of the district,
idempotently, and deletes it again on `--reset` (before the district's own data goes)."""

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["DemoStep", "register_step", "demo_steps"]


@dataclass(frozen=True)
class DemoStep:
    name: str
    load: Callable[[Callable[[str], None]], str]  # load(say) → a one-line summary
    delete: Callable[[], None]


_steps: dict[str, DemoStep] = {}


def register_step(step: DemoStep) -> DemoStep:
    _steps[step.name] = step
    return step


def demo_steps() -> list[DemoStep]:
    return list(_steps.values())
