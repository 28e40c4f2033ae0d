// 绩效考核: the latest computed period's ranking of the child areas and of grids (a click opens the
// score with the numbers behind it), and this month's points leaderboard.
import { gettext } from "../../webmap/kit/i18n.js";
import { fmt } from "../view.js";

export function render({ view, map, data }) {
  if (!data.period) {
    view.kpi(gettext("尚未计算考核"), "—", { figure: "period" });
  } else {
    view.kpi(data.period.name, fmt(data.figures.scored_grids), { figure: "scored_grids", link: data.links.grids });
    if (data.areas[0]) view.kpi(data.areas[0].name, fmt(data.areas[0].total, 1), { figure: "top_area", link: `/api/v1/assessment/scores/${data.areas[0].id}` });
  }
  const rows = (list) => list.map((s) => ({ cells: [s.name, fmt(s.total, 1)], link: `/api/v1/assessment/scores/${s.id}` }));
  view.table(view.panel("left", gettext("区域排名")), [gettext("名称"), gettext("得分")], rows(data.areas));
  view.table(view.panel("right", gettext("网格排名")), [gettext("名称"), gettext("得分")], rows(data.grids));
  view.table(view.panel("right", gettext("本月积分榜")), [gettext("名称"), gettext("本月积分榜")], data.points.map((p) => ({ cells: [p.name, fmt(p.points, 1)] })));
  const level = data.areas[0]?.code.length === 15 ? "grid" : "area";
  map.choropleth(Object.fromEntries(data.areas.map((s) => [s.code, s.total || 0])), level);
}
