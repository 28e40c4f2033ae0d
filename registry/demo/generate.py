"""The registry demo (以房管人) as column arrays, generated from the demo district's micro-grids with a
fixed seed: ~60,000 buildings with footprints, ~400,000 houses, ~1,000,000 people with plausible
names and valid ID numbers (GB 11643 check digits, unique), ~2% in special/care/service groups.
Pure numpy/shapely: registry/demo/load.py locates the lattice and writes the arrays with COPY."""

from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely

from registry.demo import names
from registry.idnumbers import ID_WEIGHTS

__all__ = ["Demo", "lattice", "generate", "GROUP_SHARES"]

M_PER_DEG_LAT = 110_540.0
_CHECK = np.array(list("10X98765432"), dtype=object)
KINDS = np.array(["residential", "residential", "commercial", "mixed", "public"], dtype=object)
KIND_P = [0.79, 0.11, 0.05, 0.03, 0.02]  # village house, apartment block, shops, mixed, public
# Group kinds and their share of all people (≈2% in all); age limits (min, max) where the kind implies them.
GROUP_SHARES = {
    "released_prisoner": (0.0012, 25, 80),
    "community_correction": (0.0005, 20, 70),
    "drug_user": (0.0008, 20, 60),
    "mental_illness": (0.0020, 18, 85),
    "key_youth": (0.0006, 12, 18),
    "petitioner": (0.0004, 30, 80),
    "elderly_alone": (0.0040, 70, 100),
    "left_behind_child": (0.0020, 3, 15),
    "disabled": (0.0030, 5, 90),
    "low_income": (0.0030, 18, 90),
    "extreme_poverty": (0.0005, 50, 100),
    "veteran": (0.0010, 25, 90),
}


@dataclass
class Demo:
    buildings: dict  # column → array (point x/y, footprint WKT, micro_grid, code, name, address, kind, floors, units)
    houses: dict  # building (index), unit, floor, room, address, use, rental columns
    people: (
        dict  # house (index), name, gender, birth_date, ethnicity, document_type, number, phone, registration, relation
    )
    groups: dict  # person (index), kind (code), level, since


def lattice(bounds, area_m2: float, count: int, rng: np.random.Generator) -> np.ndarray:
    """Jittered lattice points (lon, lat) over `bounds` so that about `count` fall on `area_m2`."""
    west, south, east, north = bounds
    lat0 = (south + north) / 2
    spacing = float(np.sqrt(area_m2 / count))
    dx, dy = spacing / (M_PER_DEG_LAT * np.cos(np.radians(lat0))), spacing / M_PER_DEG_LAT
    xs, ys = np.meshgrid(np.arange(west, east, dx), np.arange(south, north, dy))
    pts = np.column_stack([xs.ravel(), ys.ravel()])
    return pts + (rng.random(pts.shape) - 0.5) * 0.3 * np.array([dx, dy])


def _footprints(x, y, width_m, length_m, angle) -> np.ndarray:
    """Rotated rectangles (WKT) centred on the points; metres converted at each point's latitude."""
    hw, hl = width_m / 2, length_m / 2
    corners = np.stack([[-hl, -hw], [hl, -hw], [hl, hw], [-hl, hw], [-hl, -hw]])  # (5, 2, n)
    cos, sin = np.cos(angle), np.sin(angle)
    ex = corners[:, 0] * cos - corners[:, 1] * sin
    ny = corners[:, 0] * sin + corners[:, 1] * cos
    lon = x + ex / (M_PER_DEG_LAT * np.cos(np.radians(y)))
    lat = y + ny / M_PER_DEG_LAT
    rings = np.stack([lon.T, lat.T], axis=-1)  # (n, 5, 2)
    return shapely.to_wkt(shapely.polygons(rings), rounding_precision=7)


def _buildings(rng, xy, micro_codes, street_names) -> dict:
    n = len(xy)
    k = rng.choice(len(KINDS), n, p=KIND_P)
    apartment, village = k == 1, k == 0
    floors = np.select(
        [village, apartment, k == 2, k == 3],
        [rng.integers(2, 4, n), rng.choice([6, 6, 7, 11, 12, 18], n), rng.integers(1, 4, n), rng.integers(4, 13, n)],
        rng.integers(1, 5, n),
    )
    units = np.where(apartment, rng.integers(1, 4, n), np.where(k == 3, rng.integers(1, 3, n), 1))
    width = np.select([village, apartment], [10.0, 14.0], 24.0) + rng.random(n) * 4
    length = np.select([village, apartment], [12.0, 18.0 * units], 30.0) + rng.random(n) * 6
    seq = np.zeros(n, dtype=np.int64)
    order = np.argsort(micro_codes, kind="stable")
    codes_sorted = micro_codes[order]
    starts = np.r_[0, np.flatnonzero(codes_sorted[1:] != codes_sorted[:-1]) + 1]
    run = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
    seq[order] = run + 1
    number = seq.astype(str).astype(object)
    street = np.array([street_names.get(c[:9] + "000", "") for c in micro_codes], dtype=object)
    return {
        "x": xy[:, 0],
        "y": xy[:, 1],
        "footprint": _footprints(xy[:, 0], xy[:, 1], width, length, rng.random(n) * np.pi),
        "micro_grid": micro_codes,
        "code": micro_codes + np.char.zfill(seq.astype(str), 3).astype(object),
        "name": np.where(apartment | (k == 3), number + "幢", number + "号楼"),
        "address": street + names.road(rng, n) + rng.integers(1, 400, n).astype(str).astype(object) + "号",
        "kind": KINDS[k],
        "floors": floors,
        "units": units,
        "rooms": np.select([village, apartment, k == 3, k == 2], [1, rng.choice([2, 2, 2, 3], n), 2, 3], 0),
        "apartment": apartment,
        "village": village,
    }


def _houses(rng, b: dict, today: date) -> dict:
    per_floor = np.where(b["village"], 0, b["rooms"] * b["units"])
    on_floors = np.where(b["kind"] == "commercial", 1, b["floors"])
    count = np.where(b["village"], 1, per_floor * on_floors)
    building = np.repeat(np.arange(len(count)), count)
    within = np.arange(len(building)) - np.repeat(np.cumsum(count) - count, count)
    rooms_per_unit_floor = np.maximum(b["rooms"][building], 1)
    units_b = b["units"][building]
    floor = np.where(b["village"][building], 1, within // (rooms_per_unit_floor * units_b) + 1)
    rest = within % (rooms_per_unit_floor * units_b)
    unit = np.where(units_b > 1, (rest // rooms_per_unit_floor + 1).astype(str), "").astype(object)
    room = np.where(b["village"][building], "", (floor * 100 + rest % rooms_per_unit_floor + 1).astype(str)).astype(
        object
    )
    n = len(building)
    commercial = b["kind"][building] == "commercial"
    use = np.where(commercial, "business", rng.choice(["owned", "rented", "vacant"], n, p=[0.70, 0.18, 0.12]))
    rented = use == "rented"
    start = np.datetime64(today) - rng.integers(30, 900, n).astype("timedelta64[D]")
    until = start + rng.choice([365, 730], n).astype("timedelta64[D]")
    addr = b["address"][building] + b["name"][building]
    addr = addr + np.where(unit != "", unit + "单元", "") + np.where(room != "", room + "室", "")
    landlord_male = rng.random(n) < 0.5
    return {
        "building": building,
        "unit": unit,
        "floor": floor,
        "room": room,
        "address": addr,
        "use": use,
        "rent_from": np.where(rented, start, np.datetime64("NaT")),
        "rent_until": np.where(rented, until, np.datetime64("NaT")),
        "landlord_name": np.where(rented, names.names(rng, landlord_male), ""),
        "landlord_phone": np.where(rented, _phones(rng, n), ""),
        "group_rental": rented & (rng.random(n) < 0.03),
    }


def _phones(rng, n) -> np.ndarray:
    head = np.array(["13", "15", "17", "18", "19"], dtype=object)[rng.integers(5, size=n)]
    return head + np.char.zfill(rng.integers(0, 10**9, n).astype(str), 9).astype(object)


def _occupants(rng, h: dict) -> np.ndarray:
    n = len(h["use"])
    owned = rng.choice([1, 2, 3, 4, 5, 6], n, p=[0.13, 0.29, 0.26, 0.19, 0.09, 0.04])
    rented = np.where(h["group_rental"], rng.integers(6, 15, n), rng.choice([1, 2, 3, 4], n, p=[0.3, 0.35, 0.22, 0.13]))
    business = (rng.random(n) < 0.3).astype(int)
    return np.select([h["use"] == "owned", h["use"] == "rented", h["use"] == "business"], [owned, rented, business], 0)


def id_numbers(rng, region: np.ndarray, birth: np.ndarray, male: np.ndarray) -> np.ndarray:
    """Valid, unique 18-character ID numbers: region, birth date, sequence (odd for men), check.
    The first 17 digits are handled as int64 (< 10^17), so uniqueness is a numeric sort."""
    days = birth.astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(int) + 1970
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    mdays = (days - days.astype("datetime64[M]")).astype(int) + 1
    stem = region.astype(np.int64) * 10**11 + (years * 10000 + months * 100 + mdays).astype(np.int64) * 1000
    parity = male.astype(np.int64)
    seq = rng.integers(0, 500, len(stem)) * 2 + parity
    while True:
        first17 = stem + seq
        order = np.argsort(first17, kind="stable")
        dup = np.zeros(len(first17), bool)
        dup[order[1:][first17[order[1:]] == first17[order[:-1]]]] = True  # keep the first; redraw the rest
        if not dup.any():
            break
        seq[dup] = rng.integers(0, 500, dup.sum()) * 2 + parity[dup]
    digits = (first17[:, None] // 10 ** np.arange(16, -1, -1, dtype=np.int64)) % 10
    check = _CHECK[(digits @ np.array(ID_WEIGHTS)) % 11]
    return first17.astype(str).astype(object) + check


def _people(rng, h: dict, district: str, today: date) -> dict:
    per = _occupants(rng, h)
    house = np.repeat(np.arange(len(per)), per)
    n = len(house)
    first = np.r_[True, house[1:] != house[:-1]]
    rented = h["use"][house] == "rented"
    male = rng.random(n) < 0.51
    age = np.where(first, rng.integers(24, 86, n), rng.choice(np.arange(0, 96), n))
    birth = np.datetime64(today) - (age * 365.25 + rng.integers(1, 365, n)).astype("timedelta64[D]")
    r = rng.random(n)
    registration = np.where(
        rented,
        np.where(r < 0.25, "registered", np.where(r < 0.99, "floating", "overseas")),
        np.where(r < 0.88, "registered", "floating"),
    )
    origins = np.array(names.ORIGINS, dtype=object)[rng.integers(len(names.ORIGINS), size=n)]
    region = np.where(registration == "registered", district, origins).astype(object)
    number = id_numbers(rng, region, birth, male)
    overseas = registration == "overseas"
    number[overseas] = [f"E{i:08d}" for i in range(int(overseas.sum()))]
    phone = np.where((age >= 14) & (rng.random(n) < 0.9), _phones(rng, n), "")
    return {
        "house": house,
        "name": names.names(rng, male),
        "gender": np.where(male, "male", "female"),
        "birth_date": birth,
        "age": age,
        "ethnicity": np.array(names.ETHNIC, dtype=object)[rng.integers(len(names.ETHNIC), size=n)],
        "document_type": np.where(overseas, "passport", "id_card"),
        "number": number,
        "phone": phone,
        "registration": registration,
        "relation": np.where(rented, "tenant", np.where(first, "householder", "family")),
    }


def _groups(rng, p: dict, today: date) -> dict:
    n = len(p["age"])
    taken = np.zeros(n, bool)
    person, kind = [], []
    for code, (share, lo, hi) in GROUP_SHARES.items():
        pool = np.flatnonzero((p["age"] >= lo) & (p["age"] <= hi) & ~taken)
        chosen = rng.choice(pool, min(len(pool), int(round(share * n))), replace=False)
        taken[chosen] = True
        person.append(chosen)
        kind += [code] * len(chosen)
    person = np.concatenate(person)
    m = len(person)
    since = np.datetime64(today) - rng.integers(10, 1100, m).astype("timedelta64[D]")
    return {
        "person": person,
        "kind": np.array(kind, dtype=object),
        "level": rng.choice(["red", "yellow", "green"], m, p=[0.1, 0.3, 0.6]),
        "since": since,
    }


def generate(
    xy: np.ndarray,
    micro_codes: np.ndarray,
    street_names: dict,
    district: str,
    seed: int = 14,
    today: date | None = None,
) -> Demo:
    """`xy`: located lattice points (lon, lat) and `micro_codes` their micro-grid codes."""
    rng = np.random.default_rng(seed)
    today = today or date.today()
    b = _buildings(rng, xy, np.asarray(micro_codes, dtype=object), street_names)
    h = _houses(rng, b, today)
    p = _people(rng, h, district, today)
    return Demo(buildings=b, houses=h, people=p, groups=_groups(rng, p, today))
