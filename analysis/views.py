"""The analysts' workbench page (/analysis/): the frame and what its scripts need to know. Queries,
aggregates, exports and saved queries go through the query API, which cuts them to the jurisdiction."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts.models import Role
from analysis import catalogue
from analysis.aggregates import H3_RESOLUTIONS, UNITS
from analysis.exports import FORMATS
from geo import crs
from geo.labels import area_labels

__all__ = ["workbench", "WORKBENCH_ROLES"]

# Analysts and operators (and their leaders, GIS administrators) use the workbench.
WORKBENCH_ROLES = (Role.ANALYST, Role.COMMAND_OPERATOR, Role.STREET_OPERATOR, Role.LEADER, Role.GIS_ADMIN)


def workbench_config(user) -> dict:
    """What the workbench adds to the page config (base map, user and the rest come with every page)."""
    areas = area_labels(user.jurisdiction)
    return {
        "layers": catalogue.layers(),
        "areas": [{"code": a["code"], "name": a["name"], "level": a["level"]} for a in areas],
        "streetLabels": [a for a in areas if a["level"] == "street"],
        "units": [*UNITS, *(f"h3:{r}" for r in H3_RESOLUTIONS)],
        "formats": list(FORMATS),
        "crsNames": list(crs.CRS_NAMES),
    }


@login_required
def workbench(request):
    if not (request.user.is_superuser or request.user.role in WORKBENCH_ROLES):
        raise PermissionDenied("研判工作台仅向分析员和指挥操作员开放")
    return render(request, "analysis/workbench.html", {"page": workbench_config(request.user)})
