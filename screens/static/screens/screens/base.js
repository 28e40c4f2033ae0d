// 基础数据: population and housing (the owner/rented/vacant ring only once the registry holds
// houses), grids, communities, dedicated grids, workers on duty now; the child areas tinted by people.
import { t } from "../i18n.js";
import { fmt } from "../view.js";

export function render({ view, map, data }) {
  const f = data.figures;
  for (const key of ["people", "houses", "communities", "grids", "dedicated_grids", "on_duty"]) {
    view.kpi(t(key), fmt(f[key]), { figure: key, link: data.links[key] });
  }
  const areas = view.panel("left", t("by_area"));
  view.table(areas, [t("name"), t("people"), t("grids"), t("workers"), t("on_duty")],
    data.children.map((c) => ({ cells: [c.name, fmt(c.people), fmt(c.grids), fmt(c.workers), fmt(c.on_duty)] })));
  if (f.houses_by_use) {
    view.ring(view.panel("right", t("housing")), Object.entries(f.houses_by_use).map(([k, n]) => ({ name: t(k), value: n })));
  }
  const sizes = view.panel("right", `${t("microgrids")} / ${t("workers")}`);
  view.table(sizes, [t("microgrids"), t("workers"), t("buildings")], [{ cells: [fmt(f.microgrids), fmt(f.workers), fmt(f.buildings)] }]);
  const level = data.children[0]?.code.length === 15 ? "grid" : "area";
  map.choropleth(Object.fromEntries(data.children.map((c) => [c.code, c.people || c.workers])), level);
}
