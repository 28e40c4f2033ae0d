"""Plausible Chinese names for generated demo data, from the files in settings.REFERENCE_DATA_DIR/demo/
(streets.csv: the district's real streets and towns with rough WGS84 anchor points, the seeds of
their synthetic boundaries; names.json: name parts; places.json: per place kind, how many and how
they are named). Deterministic given the random generator."""

import csv
import json
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings

__all__ = ["streets", "place_counts", "community_name", "person_name", "place_name", "pick"]


def _path(name: str) -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "demo" / name


@cache
def streets() -> list[tuple[str, str, float, float]]:
    """(3-digit number, name, lon, lat) of each street or town, in file order."""
    with _path("streets.csv").open(encoding="utf-8-sig", newline="") as f:
        return [(r["number"], r["name"], float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)]


@cache
def _names() -> dict[str, str]:
    return json.loads(_path("names.json").read_text(encoding="utf-8"))


@cache
def _places() -> dict[str, dict]:
    doc = json.loads(_path("places.json").read_text(encoding="utf-8"))
    return {kind: spec for kind, spec in doc.items() if not kind.startswith("_")}


def place_counts() -> dict[str, int]:
    """How many places of each kind the demo district holds (≈5,000 in all; schools and hospitals
    additionally own dedicated grids)."""
    return {kind: spec["count"] for kind, spec in _places().items()}


def pick(rng: np.random.Generator, seq):
    return seq[int(rng.integers(len(seq)))]


def community_name(rng, urban: bool) -> str:
    n = _names()
    if urban:
        return (
            pick(rng, n["community_first"])
            + pick(rng, n["community_first"])
            + pick(rng, n["community_second"])
            + "社区"
        )
    return pick(rng, n["village"]) + pick(rng, n["community_first"]) + "村"


def person_name(rng) -> str:
    n = _names()
    return pick(rng, n["surnames"]) + "".join(pick(rng, n["given_names"]) for _ in range(int(rng.integers(1, 3))))


def place_name(rng, kind: str, area_name: str) -> str:
    stem = area_name.removesuffix("社区").removesuffix("村").removesuffix("街道").removesuffix("镇")
    return pick(rng, _places()[kind]["names"]).format(a=stem)
