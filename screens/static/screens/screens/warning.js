// 事件预警: events today / this year / in total, open, overdue, average hours to close, today's close
// rate; categories (ring), department load; overdue events flashing on the map.
import { t } from "../i18n.js";
import { fmt, pct } from "../view.js";

export function render({ view, map, data }) {
  const f = data.figures;
  view.kpi(t("events_today"), fmt(f.today), { figure: "today" });
  view.kpi(t("this_year"), fmt(f.this_year), { figure: "this_year" });
  view.kpi(t("total"), fmt(f.total), { figure: "total" });
  view.kpi(t("open"), fmt(f.open), { figure: "open", link: data.links.open });
  view.kpi(t("overdue"), fmt(f.overdue), { figure: "overdue", link: data.links.overdue, tone: f.overdue ? "bad" : "" });
  view.kpi(t("avg_close_hours"), fmt(f.avg_close_hours, 1), { figure: "avg_close_hours" });
  view.kpi(t("close_rate_today"), pct(f.close_rate_today), { figure: "close_rate_today" });
  view.ring(view.panel("left", t("categories")), f.by_kind_year.map((k) => ({ name: k.name, value: k.count })));
  view.bars(view.panel("left", t("department_load")), f.department_load.map((d) => d.name),
    [{ name: t("open"), data: f.department_load.map((d) => d.count) }], { horizontal: true });
  view.table(view.panel("right", t("overdue_list")), [t("name"), t("events")],
    data.overdue_events.features.slice(0, 14).map((e) => ({
      cells: [e.properties.title, e.properties.code], link: `/api/v1/events/${e.properties.id}`,
    })));
  map.points(data.overdue_events, { flashing: true });
}
