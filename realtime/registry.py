"""What the apps tell `realtime` without it importing their models: the streets a jurisdiction
covers, and the snapshot frames a new map connection starts with."""

from collections.abc import Callable

__all__ = ["register_streets", "register_snapshot", "streets", "snapshot_frames"]

_streets: Callable[[], list[str]] | None = None
_snapshots: list[Callable[[str], dict | None]] = []


def register_streets(provider: Callable[[], list[str]]):
    """`provider()` → every street code (9-digit prefixes) in the district."""
    global _streets
    _streets = provider


def register_snapshot(provider: Callable[[str], dict | None]):
    """`provider(prefix)` → one frame (a dict with "type") for a jurisdiction, or None."""
    _snapshots.append(provider)


def streets() -> list[str]:
    return _streets() if _streets else []


def snapshot_frames(prefix: str) -> list[dict]:
    return [frame for provider in _snapshots if (frame := provider(prefix))]
