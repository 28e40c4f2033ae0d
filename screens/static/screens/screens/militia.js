// 民兵/应急: militia units by level, members and those on call, emergency resources by kind; units
// and resources on the map (the militia app's tile layers).
import { gettext } from "../../webmap/kit/i18n.js";
import { fmt } from "../view.js";

export function render({ view, map, data }) {
  const f = data.figures;
  view.kpi(gettext("民兵"), fmt(f.members), { figure: "members", link: data.links.members });
  view.kpi(gettext("应急待命"), fmt(f.on_call), { figure: "on_call" });
  view.kpi(gettext("民兵组织"), fmt(Object.values(f.orgs).reduce((a, b) => a + b, 0)), { figure: "orgs" });
  view.kpi(gettext("应急资源"), fmt(Object.values(f.resources).reduce((a, b) => a + b, 0)), { figure: "resources", link: data.links.resources });
  view.ring(view.panel("left", gettext("应急资源")), Object.entries(f.resources).map(([k, n]) => ({ name: k, value: n })));
  view.bars(view.panel("right", gettext("应急待命")), data.children.map((c) => c.name),
    [{ name: gettext("应急待命"), data: data.children.map((c) => c.on_call) }], { horizontal: true });
  map.show("militia", true);
  map.show("resources", true);
}
