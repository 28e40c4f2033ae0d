// 民兵/应急: militia units by level, members and those on call, emergency resources by kind; units
// and resources on the map (the militia app's tile layers).
import { t } from "../i18n.js";
import { fmt } from "../view.js";

export function render({ view, map, data }) {
  const f = data.figures;
  view.kpi(t("militia_members"), fmt(f.members), { figure: "members", link: data.links.members });
  view.kpi(t("on_call"), fmt(f.on_call), { figure: "on_call" });
  view.kpi(t("orgs"), fmt(Object.values(f.orgs).reduce((a, b) => a + b, 0)), { figure: "orgs" });
  view.kpi(t("resources"), fmt(Object.values(f.resources).reduce((a, b) => a + b, 0)), { figure: "resources", link: data.links.resources });
  view.ring(view.panel("left", t("resources")), Object.entries(f.resources).map(([k, n]) => ({ name: k, value: n })));
  view.bars(view.panel("right", t("on_call")), data.children.map((c) => c.name),
    [{ name: t("on_call"), data: data.children.map((c) => c.on_call) }], { horizontal: true });
  map.show("militia", true);
  map.show("resources", true);
}
