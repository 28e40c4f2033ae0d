"""Assessment operations: periods and their rule tables, spot checks, computing scores (a job, or an
admin's request) and closing a period, which computes it one last time and freezes it."""

from collections import defaultdict
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from assessment.formula import FormulaError
from assessment.inputs import Inputs, collect
from assessment.models import Indicator, Period, PeriodKind, PeriodStatus, Rule, Score, ScoreLevel, SpotCheck
from assessment.scoring import RuleSpec, check_formula, score
from geo.errors import BadInput, Conflict, Forbidden, NotFound
from geo.jurisdiction import Jurisdiction
from grids.models import Grid

__all__ = [
    "MANAGERS",
    "DEFAULT_RULES",
    "require_manager",
    "period_dates",
    "create_period",
    "set_rules",
    "enter_spot_check",
    "compute_period",
    "close_period",
    "open_periods",
]

MANAGERS = (Role.COMMAND_OPERATOR, Role.GIS_ADMIN)
# indicator: (weight, required per worker per month)
DEFAULT_RULES = {
    Indicator.PATROL_RATE: (30, 80),
    Indicator.VISIT_RATE: (20, 20),
    Indicator.EVENT_CLOSE_RATE: (20, 0),
    Indicator.EVENT_TIMELINESS: (10, 0),
    Indicator.MICROGRID_COVERAGE: (10, 0),
    Indicator.SPOT_CHECK: (10, 0),
}


def require_manager(user):
    if not (user.is_superuser or user.role in MANAGERS):
        raise Forbidden("只有指挥中心或GIS管理员可以管理考核 (only command operators and GIS admins manage assessment)")


def period_dates(kind: str, day: date) -> tuple[date, date, str]:
    """The month or quarter holding `day`: (start, end exclusive, name); years 2000–2100."""
    if not 2000 <= day.year <= 2100:
        raise BadInput("日期应在 2000–2100 年之间 (the day must lie in 2000–2100)", field="day")
    if kind == PeriodKind.MONTH:
        start = day.replace(day=1)
        end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, end, f"{start.year}年{start.month}月"
    if kind == PeriodKind.QUARTER:
        q = (day.month - 1) // 3
        start = date(day.year, 3 * q + 1, 1)
        end = date(day.year + (q == 3), (3 * q + 3) % 12 + 1, 1)
        return start, end, f"{start.year}年第{q + 1}季度"
    raise BadInput(f"未知的周期类型 {kind} (kind must be month or quarter)", field="kind")


@transaction.atomic
def create_period(kind: str, day: date) -> Period:
    """The period holding `day` with a rule table copied from the latest period of that kind (or the
    defaults, requirements × 3 for a quarter). 409 when it exists."""
    start, end, name = period_dates(kind, day)
    if Period.objects.filter(kind=kind, start=start).exists():
        raise Conflict(f"周期 {name} 已存在 (the period exists)", field="day")
    period = Period.objects.create(kind=kind, start=start, end=end, name=name)
    previous = Period.objects.filter(kind=kind, start__lt=start).order_by("-start").first()
    if previous and previous.rules.exists():
        rules = [
            Rule(
                period=period,
                indicator=r.indicator,
                weight=r.weight,
                required=r.required,
                formula=r.formula,
                active=r.active,
            )
            for r in previous.rules.all()
        ]
    else:
        factor = 3 if kind == PeriodKind.QUARTER else 1
        rules = [
            Rule(period=period, indicator=i, weight=w, required=req * factor) for i, (w, req) in DEFAULT_RULES.items()
        ]
    Rule.objects.bulk_create(rules)
    return period


def _open_period(period_id: int, *, lock=True) -> Period:
    qs = Period.objects.select_for_update() if lock else Period.objects
    period = qs.filter(pk=period_id).first()
    if period is None:
        raise NotFound(f"考核周期 {period_id} 不存在 (no such period)", field="id")
    if period.frozen:
        raise Conflict(f"{period.name} 已冻结，不能修改 (the period is closed and frozen)", field="id")
    return period


@transaction.atomic
def set_rules(period_id: int, rows: list[dict]) -> list[Rule]:
    """Replace the given indicators' weight, requirement, formula and active flag (others stay).
    Formulas are checked before anything is written; 409 on a frozen period."""
    period = _open_period(period_id)
    for i, row in enumerate(rows):
        try:
            check_formula(row.get("formula", "min(rate, 1) * 100"))
        except FormulaError as exc:
            raise BadInput(str(exc), field=f"rules[{i}].formula") from None
    for row in rows:
        defaults = {k: row[k] for k in ("weight", "required", "formula", "active") if k in row}
        Rule.objects.update_or_create(period=period, indicator=row["indicator"], defaults=defaults)
    return list(period.rules.all())


@transaction.atomic
def enter_spot_check(period_id: int, grid_code: str, asked: int, aware: int, user) -> SpotCheck:
    period = _open_period(period_id)
    grid = Grid.objects.visible_to(Jurisdiction.for_user(user)).filter(code=grid_code).first()
    if grid is None:
        raise NotFound(f"网格 {grid_code} 不存在或不在您的辖区内 (no such grid in your jurisdiction)", field="grid")
    if aware > asked:
        raise BadInput("知晓人数不能多于抽查人数 (aware cannot exceed asked)", field="aware")
    check, _ = SpotCheck.objects.update_or_create(
        period=period, grid=grid, defaults={"asked": asked, "aware": aware, "entered_by": user}
    )
    return check


def _ranked(rows: list[Score]) -> list[Score]:
    rows.sort(key=lambda s: (s.total is None, -(s.total or 0), s.code, s.user_id or 0))
    for i, row in enumerate(rows, 1):
        row.rank = i
    return rows


@transaction.atomic
def compute_period(period_id: int, now: datetime | None = None) -> int:
    """Recompute every score of an open period from the current rule table; returns how many
    scores were written. The period row is locked, so two computations never interleave."""
    now = now or timezone.now()
    period = _open_period(period_id)
    rules = [RuleSpec(r.indicator, r.weight, r.required, r.formula) for r in period.rules.filter(active=True)]
    per_grid, per_worker, workers = collect(period, now)
    grids = {
        g["id"]: g
        for g in Grid.objects.values(
            "id", "code", "name", "community__code", "community__name", "street__code", "street__name"
        )
    }
    communities: dict[str, Inputs] = defaultdict(Inputs)
    streets: dict[str, Inputs] = defaultdict(Inputs)
    names = {}
    for gid, x in per_grid.items():
        g = grids[gid]
        communities[g["community__code"]] += x
        streets[g["street__code"]] += x
        names[g["community__code"]] = g["community__name"]
        names[g["street__code"]] = g["street__name"]

    def make(level, code, name, x, user_id=None):
        total, details = score(rules, x)
        return Score(
            period=period,
            level=level,
            code=code,
            name=name,
            user_id=user_id,
            total=total,
            details=details,
            computed_at=now,
        )

    rows = _ranked(
        [make(ScoreLevel.WORKER, grids[w.grid_id]["code"], w.name, per_worker[w.user_id], w.user_id) for w in workers]
    )
    rows += _ranked([make(ScoreLevel.GRID, grids[gid]["code"], grids[gid]["name"], x) for gid, x in per_grid.items()])
    rows += _ranked([make(ScoreLevel.COMMUNITY, c, names[c], x) for c, x in communities.items()])
    rows += _ranked([make(ScoreLevel.STREET, s, names[s], x) for s, x in streets.items()])
    Score.objects.filter(period=period).delete()
    Score.objects.bulk_create(rows, batch_size=2000)
    period.computed_at = now
    period.save(update_fields=["computed_at"])
    return len(rows)


@transaction.atomic
def close_period(period_id: int, now: datetime | None = None) -> Period:
    """Compute one last time and freeze: rules, spot checks and scores no longer change."""
    now = now or timezone.now()
    compute_period(period_id, now)
    period = Period.objects.select_for_update().get(pk=period_id)
    period.status = PeriodStatus.CLOSED
    period.closed_at = now
    period.save(update_fields=["status", "closed_at"])
    return period


def open_periods(now: datetime) -> list[int]:
    """Open periods that have started (the job computes these)."""
    return list(
        Period.objects.filter(status=PeriodStatus.OPEN, start__lte=timezone.localdate(now)).values_list("pk", flat=True)
    )
