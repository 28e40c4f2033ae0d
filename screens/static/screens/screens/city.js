// 城市管理: 12345 hotline and digital city management cases today / this month / this year, overdue
// cases, hot spots, and the child areas tinted by overdue cases.
import { t } from "../i18n.js";
import { fmt } from "../view.js";

export function render({ view, map, data }) {
  const f = data.figures;
  const [hotline, city] = Object.keys(data.sources);
  view.kpi(`${t("hotline")} · ${t("today")}`, fmt(f.today[hotline]), { figure: "hotline_today", link: data.links[hotline] });
  view.kpi(`${t("city_management")} · ${t("today")}`, fmt(f.today[city]), { figure: "city_today", link: data.links[city] });
  view.kpi(`${t("hotline")} · ${t("month")}`, fmt(f.month[hotline]), { figure: "hotline_month" });
  view.kpi(`${t("city_management")} · ${t("month")}`, fmt(f.month[city]), { figure: "city_month" });
  view.kpi(t("overdue_city"), fmt(f.overdue), { figure: "overdue_city", link: data.links.overdue, tone: f.overdue ? "bad" : "" });
  const spans = view.panel("left", `${t("this_year")} / ${t("month")} / ${t("today")}`);
  view.bars(spans, [data.sources[hotline], data.sources[city]],
    ["year", "month", "today"].map((span) => ({
      name: t(span === "year" ? "this_year" : span), data: [f[span][hotline], f[span][city]],
    })));
  view.table(view.panel("right", t("overdue_areas")), [t("name"), t("overdue_city"), t("overdue"), t("open")],
    data.children.filter((c) => c.open_events)
      .map((c) => ({ cells: [c.name, fmt(c.overdue_city), fmt(c.overdue), fmt(c.open_events)] })));
  const level = data.children[0]?.code.length === 15 ? "grid" : "area";
  map.choropleth(Object.fromEntries(data.children.map((c) => [c.code, c.overdue_city])), level);
  map.hot(data.hot);
  map.points(data.overdue_events, { flashing: true });
}
