"""The analysts' workbench page (/analysis/): the frame and what its scripts need to know. Queries,
aggregates, exports and saved queries go through the query API, which cuts them to the jurisdiction."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models.functions import PointOnSurface
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.models import Role
from analysis import catalogue
from analysis.aggregates import H3_RESOLUTIONS, UNITS
from analysis.exports import FORMATS
from geo import crs
from geo.models import AdminArea

__all__ = ["workbench", "WORKBENCH_ROLES"]

# Analysts and operators (and their leaders, GIS administrators) use the workbench.
WORKBENCH_ROLES = (Role.ANALYST, Role.COMMAND_OPERATOR, Role.STREET_OPERATOR, Role.LEADER, Role.GIS_ADMIN)


def _areas(user) -> list[dict]:
    """The streets and communities the user may pick, with a label point (WGS84) for streets."""
    areas = (
        AdminArea.objects.filter(user.jurisdiction.q("code"))
        .exclude(level="district")
        .annotate(label_point=PointOnSurface("geom"))
        .only("code", "name", "level")
        .order_by("code")
    )
    return [
        {"code": a.code, "name": a.name, "level": a.level, "lon": a.label_point.x, "lat": a.label_point.y}
        for a in areas
    ]


def _strings() -> dict:
    """Texts the scripts compose, translated here through Django's catalogue."""
    return {
        "matched": _("共 {n} 条，显示 {shown} 条"),
        "total": _("合计 {n}"),
        "none": _("没有结果"),
        "running": _("查询中…"),
        "finish": _("完成绘制"),
        "drawPolygon": _("在地图上依次点击多边形顶点，双击或点“完成绘制”结束"),
        "drawCircle": _("在地图上点击圆心"),
        "drawPoint": _("在地图上点击查询点"),
        "needShape": _("请先在地图上绘制"),
        "saved": _("已保存"),
        "run": _("运行"),
        "delete": _("删除"),
        "count": _("数量"),
        "distance": _("距离(米)"),
        "all": _("全部"),
    }


def workbench_config(user) -> dict:
    basemap_crs = crs.parse_crs(settings.BASEMAP_CRS)
    tiles = [
        u.replace("{TileMatrix}", "{z}").replace("{TileCol}", "{x}").replace("{TileRow}", "{y}")
        for u in settings.BASEMAP_URLS
    ]
    areas = _areas(user)
    return {
        "basemap": {"tiles": tiles, "crs": basemap_crs, "attribution": settings.BASEMAP_ATTRIBUTION},
        "tileShift": "gcj02" if basemap_crs == "gcj02" and tiles else "",
        "user": {"username": user.username, "role": user.role, "jurisdiction": user.jurisdiction_code},
        "layers": catalogue.layers(),
        "areas": [{"code": a["code"], "name": a["name"], "level": a["level"]} for a in areas],
        "streetLabels": [a for a in areas if a["level"] == "street"],
        "units": [*UNITS, *(f"h3:{r}" for r in H3_RESOLUTIONS)],
        "formats": list(FORMATS),
        "crsNames": list(crs.CRS_NAMES),
        "strings": _strings(),
    }


@login_required
def workbench(request):
    if not (request.user.is_superuser or request.user.role in WORKBENCH_ROLES):
        raise PermissionDenied("研判工作台仅向分析员和指挥操作员开放")
    return render(request, "analysis/workbench.html", {"workbench_config": workbench_config(request.user)})
