// 基层治理: patrols, duty hours and visits today and this month (visits by kind), micro-grid
// coverage today, check-in rates by child area, and the patrol heat on the map.
import { gettext } from "../../webmap/kit/i18n.js";
import { fmt, pct } from "../view.js";

export function render({ view, map, data }) {
  const { today, month } = data.figures;
  view.kpi(gettext("今日巡查"), fmt(today.patrols), { figure: "patrols_today", link: data.links.checkins });
  view.kpi(gettext("今日在岗时长"), fmt(today.duty_hours, 1), { figure: "duty_hours_today" });
  view.kpi(gettext("今日走访"), fmt(today.visits), { figure: "visits_today", link: data.links.visits });
  view.kpi(gettext("今日微网格覆盖率"), pct(data.figures.coverage_today), { figure: "coverage_today" });
  view.kpi(gettext("签到率"), pct(data.figures.checkin_rate_today), { figure: "checkin_rate_today" });
  const compare = view.panel("left", `${gettext("今日")} / ${gettext("本月")}`);
  view.bars(compare, [gettext("巡查"), gettext("走访")], [
    { name: gettext("今日"), data: [today.patrols, today.visits] },
    { name: gettext("本月"), data: [month.patrols, month.visits] },
  ]);
  const kinds = view.panel("left", gettext("走访对象"));
  view.ring(kinds, Object.entries(month.visits_by_kind).map(([k, n]) => ({ name: k, value: n })));
  const rates = view.panel("right", gettext("分区签到率"));
  view.bars(rates, data.children.map((c) => c.name), [
    { name: gettext("签到率"), data: data.children.map((c) => Math.round((c.checkin_rate ?? 0) * 1000) / 10) },
  ], { horizontal: true });
  map.show("heat", true);
}
