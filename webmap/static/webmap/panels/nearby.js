// Nearby forces around any point (周边力量): a right-click (or a long press on a touch screen) on the
// command map lists the on-duty workers, militia companies and emergency resources (hospitals,
// shelters, warehouses…) within a radius of that point, nearest first with their distance (GET
// /api/v1/forces/nearby, cut to the jurisdiction), draws them and the radius on the map, and, when
// an event is shown, offers to dispatch it to a worker found.
import { el, button, clear, getJSON } from "../kit/dom.js";
import { formatDistance } from "../kit/format.js";
import { expose } from "../kit/hooks.js";
import { gettext } from "../kit/i18n.js";
import { addToSlot } from "../layers/slots.js";
import { KIND_COLORS, forceMeta, kindName, resourceKindName } from "../militia/forces.js";

const RADII = [500, 1000, 2000, 5000];
const DEFAULT_RADIUS = 1000;
const KINDS = ["worker", "militia_company", "resource"];
const LONG_PRESS_MS = 600;
const SOURCE = "nearby";

/** A ring of `metres` around [lon, lat] (WGS84), as a closed list of points. */
function ring([lon, lat], metres, steps = 64) {
  const dLat = metres / 111320;
  const dLon = metres / (111320 * Math.cos((lat * Math.PI) / 180));
  return Array.from({ length: steps + 1 }, (_, i) => {
    const a = (i / steps) * 2 * Math.PI;
    return [lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)];
  });
}

function addLayers(map) {
  map.addSource(SOURCE, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  addToSlot(map, "live", {
    id: "nearby-radius", type: "line", source: SOURCE, filter: ["==", ["geometry-type"], "Polygon"],
    paint: { "line-color": "#2f6fde", "line-width": 1.5, "line-dasharray": [3, 2] },
  });
  addToSlot(map, "live", {
    id: "nearby-force", type: "circle", source: SOURCE, filter: ["==", ["get", "role"], "force"],
    paint: {
      "circle-radius": 7, "circle-color": ["match", ["get", "kind"], ...Object.entries(KIND_COLORS).flat(), "#64748b"],
      "circle-stroke-color": "#fff", "circle-stroke-width": 2,
    },
  });
  addToSlot(map, "live", {
    id: "nearby-centre", type: "circle", source: SOURCE, filter: ["==", ["get", "role"], "centre"],
    paint: { "circle-radius": 5, "circle-color": "#0a2342", "circle-stroke-color": "#fff", "circle-stroke-width": 2 },
  });
}

/**
 * `toMap`/`toWgs84`: the map's datum converters; `body`: where the list goes; `showPanel()` opens
 * the details panel; `events`: the map's events (the one shown, `dispatchTo(username, name)`);
 * `isBusy()`: true while another tool (drawing, picking) owns the map.
 */
export function createNearby(map, { toMap, toWgs84, body, showPanel, events, isBusy = () => false }) {
  addLayers(map);
  const state = { point: null, radius: DEFAULT_RADIUS, result: null, loads: 0 };
  const root = el("div", { class: "nearby", id: "nearby" });
  let token = 0;

  function draw() {
    const features = [];
    if (state.point) {
      features.push({ type: "Feature", properties: { role: "radius" }, geometry: { type: "Polygon", coordinates: [ring(state.point, state.radius).map(toMap)] } });
      features.push({ type: "Feature", properties: { role: "centre" }, geometry: { type: "Point", coordinates: toMap(state.point) } });
    }
    for (const f of state.result?.forces ?? []) {
      features.push({ type: "Feature", properties: { role: "force", kind: f.kind }, geometry: { type: "Point", coordinates: toMap([f.lon, f.lat]) } });
    }
    map.getSource(SOURCE).setData({ type: "FeatureCollection", features });
  }

  function forceRow(f) {
    const kind = f.kind === "resource" ? resourceKindName(f.resource_kind) : kindName(f.kind);
    const go = button({ class: "nb-force-go", dataset: { kind: f.kind, id: String(f.id) } },
      el("span", { class: "mi-dot", style: { background: KIND_COLORS[f.kind] ?? "#64748b" } }),
      el("span", "nb-force-text", el("span", "nb-force-name", f.name), el("span", "nb-force-meta", [kind, forceMeta(f)].filter(Boolean).join(" · "))),
      el("span", "nb-distance", formatDistance(f.distance_m)));
    go.addEventListener("click", () => map.flyTo({ center: toMap([f.lon, f.lat]), zoom: Math.max(map.getZoom(), 16) }));
    const li = el("li", { class: `nb-force nb-force-${f.kind}`, dataset: { kind: f.kind, id: String(f.id) } }, go);
    if (f.kind === "worker" && f.username && events.mayDispatch()) {
      const send = button({ class: "nb-dispatch", dataset: { username: f.username } }, gettext("下派"));
      send.addEventListener("click", () => events.dispatchTo(f.username, f.name));
      li.append(send);
    }
    return li;
  }

  function render() {
    const r = state.result;
    const radius = el("select", { class: "nb-radius", "aria-label": gettext("搜索半径") },
      ...RADII.map((m) => el("option", { value: m, selected: m === state.radius }, formatDistance(m))));
    radius.addEventListener("change", () => scan(state.point, Number(radius.value)));
    const head = el("div", "info-title", el("span", "badge badge-nearby", gettext("周边力量")),
      el("h3", "", `${state.point[0].toFixed(5)}, ${state.point[1].toFixed(5)}`));
    const current = events.current;
    const hint = current && events.mayDispatch()
      ? el("p", "hint nb-event", gettext("可将事项 {code} 下派给下列在岗人员", { code: current.properties.code })) : null;
    clear(root).append(head, el("label", "nb-radius-row", el("span", "", gettext("搜索半径")), radius), hint);
    if (!r) {
      root.append(el("p", "hint", gettext("加载中…")));
      return;
    }
    for (const kind of KINDS) {
      const items = r.forces.filter((f) => f.kind === kind);
      if (!(kind in r.counts)) continue;
      root.append(el("h4", "nb-kind", kindName(kind), el("span", "count", String(items.length))));
      root.append(items.length ? el("ul", { class: "nb-list", dataset: { kind } }, ...items.map(forceRow))
        : el("p", "hint", gettext("{r} 范围内没有", { r: formatDistance(state.radius) })));
    }
  }

  async function scan(point, radius = state.radius) {
    const mine = ++token;
    Object.assign(state, { point, radius, result: null });
    if (!root.isConnected) body.replaceChildren(root);
    showPanel();
    render();
    draw();
    const query = new URLSearchParams({ lon: point[0], lat: point[1], radius_m: radius, limit: 10 });
    try {
      const result = await getJSON(`/api/v1/forces/nearby?${query}&kinds=${KINDS.join(",")}`);
      if (mine !== token) return;
      state.result = result;
      state.loads += 1;
    } catch (error) {
      if (mine !== token) return;
      state.result = { forces: [], counts: {} };
      root.append(el("p", "ev-error", error.message));
      return;
    }
    render();
    draw();
  }

  /** Takes the list and its marks away (another selection, or the panel closed). */
  function hide() {
    if (!state.point) return;
    token += 1;
    state.point = null;
    state.result = null;
    root.remove();
    draw();
  }

  map.on("contextmenu", (e) => {
    if (isBusy()) return;
    e.preventDefault();
    scan(toWgs84([e.lngLat.lng, e.lngLat.lat]));
  });
  // A long press on a touch screen: held still for LONG_PRESS_MS with one finger.
  let press = 0;
  const cancel = () => clearTimeout(press);
  map.on("touchstart", (e) => {
    cancel();
    if (e.originalEvent.touches.length !== 1 || isBusy()) return;
    const at = toWgs84([e.lngLat.lng, e.lngLat.lat]);
    press = setTimeout(() => scan(at), LONG_PRESS_MS);
  });
  map.on("touchmove", cancel);
  map.on("touchend", cancel);
  map.on("touchcancel", cancel);
  map.on("movestart", cancel);

  const nearby = { state, scan, hide, get shown() { return root.isConnected; } };
  expose("nearby", nearby);
  return nearby;
}
