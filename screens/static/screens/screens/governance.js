// 基层治理: patrols, duty hours and visits today and this month (visits by kind), micro-grid
// coverage today, check-in rates by child area, and the patrol heat on the map.
import { t } from "../i18n.js";
import { fmt, pct } from "../view.js";

export function render({ view, map, data }) {
  const { today, month } = data.figures;
  view.kpi(t("patrols_today"), fmt(today.patrols), { figure: "patrols_today", link: data.links.checkins });
  view.kpi(t("duty_hours_today"), fmt(today.duty_hours, 1), { figure: "duty_hours_today" });
  view.kpi(t("visits_today"), fmt(today.visits), { figure: "visits_today", link: data.links.visits });
  view.kpi(t("coverage_today"), pct(data.figures.coverage_today), { figure: "coverage_today" });
  view.kpi(t("checkin_rate"), pct(data.figures.checkin_rate_today), { figure: "checkin_rate_today" });
  const compare = view.panel("left", `${t("today")} / ${t("month")}`);
  view.bars(compare, [t("patrols"), t("visits")], [
    { name: t("today"), data: [today.patrols, today.visits] },
    { name: t("month"), data: [month.patrols, month.visits] },
  ]);
  const kinds = view.panel("left", t("visits_by_kind"));
  view.ring(kinds, Object.entries(month.visits_by_kind).map(([k, n]) => ({ name: k, value: n })));
  const rates = view.panel("right", t("checkins_by_area"));
  view.bars(rates, data.children.map((c) => c.name), [
    { name: t("checkin_rate"), data: data.children.map((c) => Math.round((c.checkin_rate ?? 0) * 1000) / 10) },
  ], { horizontal: true });
  map.show("heat", true);
}
