"""What the apps tell `realtime` without it importing their models: the streets a jurisdiction
covers, and the snapshot frames a new map connection starts with."""

from collections.abc import Callable

__all__ = [
    "register_streets",
    "register_snapshot",
    "register_token_lookup",
    "register_worker_view",
    "worker_view",
    "streets",
    "snapshot_frames",
    "user_for_token",
]

_streets: Callable[[], list[str]] | None = None
_token_lookup: Callable[[str], object] | None = None
_worker_view: Callable[[dict, str], dict] | None = None
_snapshots: list[Callable[[str], dict | None]] = []


def register_streets(provider: Callable[[], list[str]]):
    """`provider()` → every street code (9-digit prefixes) in the district."""
    global _streets
    _streets = provider


def register_snapshot(provider: Callable[[str], dict | None]):
    """`provider(prefix)` → one frame (a dict with "type") for a jurisdiction, or None."""
    _snapshots.append(provider)


def register_token_lookup(lookup: Callable[[str], object]):
    """`lookup(key)` → the active user an API token belongs to, or None (accounts.tokens)."""
    global _token_lookup
    _token_lookup = lookup


def register_worker_view(view: Callable[[dict, str], dict]):
    """`view(item, prefix)` → a live-map worker item as a viewer with that jurisdiction prefix may
    see it (accounts.privacy.visitor_view: a visitor from another street without their grid)."""
    global _worker_view
    _worker_view = view


def worker_view(item: dict, prefix: str) -> dict:
    return _worker_view(item, prefix) if _worker_view else item


def user_for_token(key: str):
    return _token_lookup(key) if _token_lookup else None


def streets() -> list[str]:
    return _streets() if _streets else []


def snapshot_frames(prefix: str) -> list[dict]:
    return [frame for provider in _snapshots if (frame := provider(prefix))]
