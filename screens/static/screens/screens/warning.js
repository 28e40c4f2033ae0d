// 事项预警: events today / this year / in total, open, overdue, average hours to close, today's close
// rate; categories (ring), department load; overdue events flashing on the map, each dispatchable
// from the wall by a reader the workflow allows.
import { gettext } from "../../webmap/kit/i18n.js";
import { fmt, pct } from "../view.js";

export function render({ view, map, data, dispatch }) {
  const f = data.figures;
  view.kpi(gettext("今日事项"), fmt(f.today), { figure: "today" });
  view.kpi(gettext("本年"), fmt(f.this_year), { figure: "this_year" });
  view.kpi(gettext("累计"), fmt(f.total), { figure: "total" });
  view.kpi(gettext("在办"), fmt(f.open), { figure: "open", link: data.links.open });
  view.kpi(gettext("超期"), fmt(f.overdue), { figure: "overdue", link: data.links.overdue, tone: f.overdue ? "bad" : "" });
  view.kpi(gettext("平均办结(小时)"), fmt(f.avg_close_hours, 1), { figure: "avg_close_hours" });
  view.kpi(gettext("今日办结率"), pct(f.close_rate_today), { figure: "close_rate_today" });
  view.ring(view.panel("left", gettext("事项分类（本年）")), f.by_kind_year.map((k) => ({ name: k.name, value: k.count })));
  view.bars(view.panel("left", gettext("部门在办量")), f.department_load.map((d) => d.name),
    [{ name: gettext("在办"), data: f.department_load.map((d) => d.count) }], { horizontal: true });
  view.table(view.panel("right", gettext("超期事项")), [gettext("名称"), gettext("事项"), gettext("处置人")],
    data.overdue_events.features.slice(0, 14).map((e) => overdueRow(e.properties, dispatch)));
  map.points(data.overdue_events, { flashing: true });
}

/** A row of the overdue events table: its record as the drill-down, dispatch when allowed. */
export function overdueRow(p, dispatch) {
  return {
    cells: [p.title, p.code, p.handler_name || "—"],
    link: `/api/v1/events/${p.id}`,
    action: p.can_dispatch ? { name: "dispatch", label: gettext("下派"), run: () => dispatch(p.id) } : null,
  };
}
