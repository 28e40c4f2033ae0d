// The event map beside the list: events as circles coloured by status (overdue ones red with a
// ring), the selected one ringed in navy, a live change flashed amber. Points arrive in WGS84 and
// are shifted to the map's datum here (a GCJ-02 base map).
import { el } from "../kit/dom.js";
import { gettext } from "../kit/i18n.js";
import { createOverviewMap } from "../kit/basemap.js";
import { choice } from "./choices.js";
import { OVERDUE_COLOR, STATUS_COLORS } from "./colors.js";

const SOURCE = "ev-events";
const FLASH_MS = 2600;
const statusColor = ["match", ["get", "status"], ...Object.entries(STATUS_COLORS).flat(), "#64748b"];
const flashing = ["boolean", ["feature-state", "flash"], false];

/** `onSelect(id)` runs when an event's circle is clicked. */
export async function createEventMap(container, { tilejsons, coords, onSelect }) {
  const bounds = coords.bounds(tilejsons.areas.bounds);
  const map = await createOverviewMap(container, { tilejsons, coords, bounds });
  map.addSource(SOURCE, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  // Zoom must be the outermost expression; a flashed circle grows by 60 %.
  const radius = ["interpolate", ["linear"], ["zoom"], ...[[9, 4.5], [13, 6.5], [16, 9]].flatMap(([z, r]) => [z, ["case", flashing, r * 1.6, r]])];
  map.addLayer({
    id: "ev-events-ring", type: "circle", source: SOURCE, filter: ["==", ["get", "overdue"], true],
    paint: {
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 9, 8, 13, 11, 16, 15],
      "circle-color": "rgba(220, 38, 38, 0.12)", "circle-stroke-color": OVERDUE_COLOR, "circle-stroke-width": 2,
    },
  });
  map.addLayer({
    id: "ev-events", type: "circle", source: SOURCE,
    paint: {
      "circle-radius": radius,
      "circle-color": ["case", ["==", ["get", "overdue"], true], OVERDUE_COLOR, statusColor],
      "circle-stroke-color": ["case", flashing, "#ffb020", "#ffffff"],
      "circle-stroke-width": ["case", flashing, 4, 1.6],
      "circle-radius-transition": { duration: 400 },
      "circle-stroke-width-transition": { duration: 400 },
    },
  });
  map.addLayer({
    id: "ev-events-selected", type: "circle", source: SOURCE, filter: ["==", ["id"], -1],
    paint: {
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 9, 10, 13, 13, 16, 17],
      "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#0a2342", "circle-stroke-width": 3,
    },
  });

  map.on("click", "ev-events", (e) => {
    const hit = e.features?.[0];
    if (hit) onSelect(Number(hit.id));
  });
  map.on("mouseenter", "ev-events", () => { map.getCanvas().style.cursor = "pointer"; });
  map.on("mouseleave", "ev-events", () => { map.getCanvas().style.cursor = ""; });

  let points = new Map(); // id → map coordinates
  let selected = null;

  function toFeature(f) {
    const p = f.properties;
    const at = coords.toMap(f.geometry.coordinates);
    points.set(f.id, at);
    return {
      type: "Feature", id: f.id, geometry: { type: "Point", coordinates: at },
      properties: { status: p.status, overdue: Boolean(p.overdue), supervised: Boolean(p.supervised), code: p.code },
    };
  }

  function inView(at) {
    const b = map.getBounds();
    const c = map.getContainer();
    return b.contains(at) && c.clientWidth > 0 && c.clientHeight > 0;
  }

  addLegend(container.parentElement);

  return {
    map,
    setEvents(features) {
      points = new Map();
      map.getSource(SOURCE).setData({ type: "FeatureCollection", features: features.map(toFeature) });
    },
    select(id, { fly = false } = {}) {
      selected = id;
      map.setFilter("ev-events-selected", ["==", ["id"], id ?? -1]);
      const at = points.get(id);
      if (fly && at && (!inView(at) || map.getZoom() < 13)) {
        map.flyTo({ center: at, zoom: Math.max(map.getZoom(), 14), duration: 700 });
      }
    },
    flash(id) {
      if (!points.has(id)) return;
      map.setFeatureState({ source: SOURCE, id }, { flash: true });
      setTimeout(() => map.setFeatureState({ source: SOURCE, id }, { flash: false }), FLASH_MS);
    },
    get selected() { return selected; },
    resize() { map.resize(); },
  };
}

function addLegend(parent) {
  const legend = el("details", { class: "ev-legend", open: true });
  legend.append(el("summary", "", gettext("图例")));
  const list = el("ul");
  for (const [status, color] of Object.entries(STATUS_COLORS)) {
    const li = el("li");
    li.append(el("span", { class: "ev-dot", style: `background:${color}` }), el("span", "", choice("status", status)));
    list.append(li);
  }
  const ring = el("li", "ev-legend-overdue");
  ring.append(el("span", { class: "ev-dot ev-dot-ring", style: `background:${OVERDUE_COLOR}` }), el("span", "", gettext("超期（红圈）")));
  list.append(ring);
  legend.append(list);
  parent.append(legend);
}
