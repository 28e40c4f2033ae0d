// 风险隐患: events by the ten risk kinds over 30 days (the ring always shows all ten; a click opens
// the list), the weekly trend per kind, and H3 hot spots of events on the map.
import { gettext } from "../../webmap/kit/i18n.js";
import { fmt } from "../view.js";

export function render({ view, map, data, drill }) {
  const f = data.figures;
  view.kpi(gettext("近30天事项"), fmt(f.total_30d), { figure: "total_30d" });
  const top = [...f.by_kind_30d].sort((a, b) => b.count - a.count).slice(0, 4);
  for (const k of top) view.kpi(k.name, fmt(k.count), { figure: `kind_${k.key}`, link: data.links[k.key] });
  const ring = view.ring(view.panel("left", gettext("风险类别（近30天）")), f.by_kind_30d.map((k) => ({ name: k.name, value: k.count, key: k.key })),
    (item) => drill(item.name, data.links[item.key]));
  ring?.getDom().setAttribute("data-kinds", String(f.by_kind_30d.length));
  const kinds = Object.keys(data.kinds);
  view.lines(view.panel("right", gettext("按周趋势")), data.trend.map((w) => w.week.slice(5)),
    kinds.map((k) => ({ name: data.kinds[k], data: data.trend.map((w) => w.by_kind[k] || 0) })));
  view.table(view.panel("right", gettext("事项热点")), [gettext("事项热点"), gettext("数量")],
    data.hot.features.slice(0, 8).map((h, i) => ({ cells: [`#${i + 1}`, h.properties.n] })));
  map.hot(data.hot);
}
