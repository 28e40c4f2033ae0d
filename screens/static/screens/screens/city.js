// 城市管理: 12345 hotline and digital city management cases today / this month / this year, overdue
// cases (dispatchable from the wall, as on the event-warning screen), hot spots, and the child areas
// tinted by overdue cases.
import { gettext } from "../../webmap/kit/i18n.js";
import { fmt } from "../view.js";
import { overdueRow } from "./warning.js";

export function render({ view, map, data, dispatch }) {
  const f = data.figures;
  const [hotline, city] = Object.keys(data.sources);
  view.kpi(`${gettext("12345热线")} · ${gettext("今日")}`, fmt(f.today[hotline]), { figure: "hotline_today", link: data.links[hotline] });
  view.kpi(`${gettext("数字城管")} · ${gettext("今日")}`, fmt(f.today[city]), { figure: "city_today", link: data.links[city] });
  view.kpi(`${gettext("12345热线")} · ${gettext("本月")}`, fmt(f.month[hotline]), { figure: "hotline_month" });
  view.kpi(`${gettext("数字城管")} · ${gettext("本月")}`, fmt(f.month[city]), { figure: "city_month" });
  view.kpi(gettext("超期案件"), fmt(f.overdue), { figure: "overdue_city", link: data.links.overdue, tone: f.overdue ? "bad" : "" });
  const spans = view.panel("left", `${gettext("本年")} / ${gettext("本月")} / ${gettext("今日")}`);
  view.bars(spans, [data.sources[hotline], data.sources[city]],
    ["year", "month", "today"].map((span) => ({
      name: { year: gettext("本年"), month: gettext("本月"), today: gettext("今日") }[span],
      data: [f[span][hotline], f[span][city]],
    })));
  view.table(view.panel("right", gettext("分区超期")), [gettext("名称"), gettext("超期案件"), gettext("超期"), gettext("在办")],
    data.children.filter((c) => c.open_events)
      .map((c) => ({ cells: [c.name, fmt(c.overdue_city), fmt(c.overdue), fmt(c.open_events)] })));
  view.table(view.panel("right", gettext("超期案件")), [gettext("名称"), gettext("事项"), gettext("处置人")],
    data.overdue_events.features.slice(0, 8).map((e) => overdueRow(e.properties, dispatch)));
  const level = data.children[0]?.code.length === 15 ? "grid" : "area";
  map.choropleth(Object.fromEntries(data.children.map((c) => [c.code, c.overdue_city])), level);
  map.hot(data.hot);
  map.points(data.overdue_events, { flashing: true });
}
