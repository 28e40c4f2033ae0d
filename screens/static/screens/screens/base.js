// 基础数据: population and housing (the owner/rented/vacant ring only once the registry holds
// houses), grids, communities, dedicated grids, workers on duty now; the child areas tinted by people.
import { gettext } from "../../webmap/kit/i18n.js";
import { fmt } from "../view.js";

const LABELS = {
  people: gettext("人口"), houses: gettext("房屋"), communities: gettext("社区"), grids: gettext("网格"),
  dedicated_grids: gettext("专属网格"), on_duty: gettext("当前在岗"),
  owned: gettext("自住"), rented: gettext("出租"), vacant: gettext("空置"), business: gettext("经营"),
};

export function render({ view, map, data }) {
  const f = data.figures;
  for (const key of ["people", "houses", "communities", "grids", "dedicated_grids", "on_duty"]) {
    view.kpi(LABELS[key], fmt(f[key]), { figure: key, link: data.links[key] });
  }
  const areas = view.panel("left", gettext("分区概况"));
  view.table(areas, [gettext("名称"), gettext("人口"), gettext("网格"), gettext("网格员"), gettext("当前在岗")],
    data.children.map((c) => ({ cells: [c.name, fmt(c.people), fmt(c.grids), fmt(c.workers), fmt(c.on_duty)] })));
  if (f.houses_by_use) {
    view.ring(view.panel("right", gettext("房屋用途")), Object.entries(f.houses_by_use).map(([k, n]) => ({ name: LABELS[k] ?? k, value: n })));
  }
  const sizes = view.panel("right", `${gettext("微网格")} / ${gettext("网格员")}`);
  view.table(sizes, [gettext("微网格"), gettext("网格员"), gettext("楼栋")], [{ cells: [fmt(f.microgrids), fmt(f.workers), fmt(f.buildings)] }]);
  const level = data.children[0]?.code.length === 15 ? "grid" : "area";
  map.choropleth(Object.fromEntries(data.children.map((c) => [c.code, c.people || c.workers])), level);
}
