// The forces a scan found, on a map (one circle per force, coloured by kind, numbered in the list's
// order) and as list rows with a checkbox each.
import { el } from "../kit/dom.js";
import { formatDistance } from "../kit/format.js";
import { gettext, gettext_noop } from "../kit/i18n.js";

export const KIND_COLORS = { worker: "#2563eb", militia_member: "#dc2626", militia_company: "#7c2d12", resource: "#059669" };
export const KINDS = Object.keys(KIND_COLORS);
const KIND_NAMES = {
  worker: gettext_noop("在岗网格员"), militia_member: gettext_noop("待命民兵"),
  militia_company: gettext_noop("民兵连"), resource: gettext_noop("应急资源"),
};
const RESOURCE_NAMES = {
  fuel_station: gettext_noop("加油站"), hospital: gettext_noop("医院"), shelter: gettext_noop("应急避难场所"),
  emergency_team: gettext_noop("应急救援队伍"), warehouse: gettext_noop("装备物资仓库"),
};
const SOURCE = "militia-forces";

/** The name of a kind of force (worker, militia_member, militia_company, resource). */
export function kindName(kind) {
  return KIND_NAMES[kind] ? gettext(KIND_NAMES[kind]) : kind;
}

/** The name of a kind of emergency resource (hospital, shelter, warehouse, …). */
export function resourceKindName(kind) {
  return RESOURCE_NAMES[kind] ? gettext(RESOURCE_NAMES[kind]) : kind;
}

/** A force's detail line (phone, members on call, capacity, company). */
export function forceMeta(f) {
  return meta(f);
}

export function showForces(map, forces, toMap) {
  if (!map.getSource(SOURCE)) {
    map.addSource(SOURCE, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: `${SOURCE}-dot`, type: "circle", source: SOURCE, paint: {
      "circle-radius": ["case", ["get", "chosen"], 9, 6],
      "circle-color": ["match", ["get", "kind"], ...KINDS.flatMap((k) => [k, KIND_COLORS[k]]), "#64748b"],
      "circle-stroke-color": "#fff", "circle-stroke-width": 2 } });
  }
  map.getSource(SOURCE).setData({ type: "FeatureCollection", features: forces.map((f, i) => ({
    type: "Feature", id: i, geometry: { type: "Point", coordinates: toMap([f.lon, f.lat]) },
    properties: { kind: f.kind, name: f.name, chosen: Boolean(f.chosen) } })) });
}

function meta(f) {
  if (f.kind === "militia_company") return gettext("{on}/{all} 人待命", { on: f.on_call, all: f.members });
  if (f.kind === "resource" && f.capacity != null) return gettext("容量 {n}{unit}", { n: f.available ?? f.capacity, unit: f.capacity_unit });
  if (f.kind === "militia_member") return [f.org?.name, f.live ? gettext("实时") : ""].filter(Boolean).join(" · ");
  return f.phone || "";
}

/** A list row: checkbox, kind colour, name, detail, distance. `data-kind`/`data-id` name the force. */
export function forceRow(f) {
  const li = el("li", { class: `mi-force mi-force-${f.kind}`, dataset: { kind: f.kind, id: String(f.id) } });
  const label = el("label", "mi-force-row");
  label.append(el("input", { type: "checkbox", name: "force", value: `${f.kind}:${f.id}` }));
  label.append(el("span", { class: "mi-dot", style: `background:${KIND_COLORS[f.kind]}` }));
  const text = el("span", "mi-force-text");
  text.append(el("span", "mi-force-name", f.name), el("span", "mi-force-meta", meta(f)));
  label.append(text, el("span", "mi-force-distance", f.distance_m === 0 ? gettext("区域内") : formatDistance(f.distance_m)));
  li.append(label);
  return li;
}
