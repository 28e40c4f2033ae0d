"""Imports go downward only (docs/architecture.md): ops (operations: metrics, logs, replicas; imports
none of ours) ← geo ← accounts ← grids ← tracking ← events ← analysis, with
realtime a utility every app may publish through and webmap on top. config.env (reading the
environment) is a leaf any app may use, like django.conf.settings. Upper apps reach lower ones by
registering (tile layers, snapshots, demo steps), never the other way round."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {
    "config",
    "ops",
    "accounts",
    "geo",
    "grids",
    "tracking",
    "events",
    "militia",
    "registry",
    "analysis",
    "assessment",
    "screens",
    "realtime",
    "webmap",
}
ALLOWED = {
    "ops": set(),
    "geo": {"ops"},
    "realtime": {"ops"},
    "accounts": {"ops", "geo", "realtime"},
    "grids": {"ops", "geo", "accounts", "realtime"},
    "tracking": {"ops", "geo", "accounts", "grids", "realtime"},
    "events": {"ops", "geo", "accounts", "grids", "tracking", "realtime"},
    "militia": {"ops", "geo", "accounts", "grids", "tracking", "events", "realtime"},
    "registry": {"ops", "geo", "accounts", "grids", "realtime"},
    "analysis": {"ops", "geo", "accounts", "grids", "tracking", "events", "realtime"},
    "assessment": {"ops", "geo", "accounts", "grids", "tracking", "events", "realtime"},
    "screens": {
        "ops",
        "geo",
        "accounts",
        "grids",
        "tracking",
        "events",
        "registry",
        "militia",
        "assessment",
        "realtime",
    },
}


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_layers_below_it(app):
    upward = sorted(
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for module in imported_modules(path)
        if module.split(".")[0] in OURS - {app} - ALLOWED[app] and module != "config.env"
    )
    assert upward == []
