// Workers on the live map (GeoJSON source `workers`): a dot per worker coloured by status,
// clustered below zoom 13 (a cluster takes the colour of its most urgent member), names from
// zoom 14.5. A new position glides from the old one over GLIDE_MS; statuses are re-checked every
// RECHECK_MS, as a fix turns stale with time alone.
import { gettext_noop } from "../kit/i18n.js";
import { addToSlot } from "../layers/slots.js";
import { STATUS_NAMES } from "../names.js";
import { COLORS, FONT, FONT_BOLD, STATUS_COLORS, STATUS_ORDER } from "../theme.js";
import { displayStatus } from "./status.js";

const SOURCE = "workers";
const CLUSTER_MAX_ZOOM = 12;
const GLIDE_MS = 800;
const RECHECK_MS = 15000;
const LABEL_MINZOOM = 14.5;
const EMPTY = { type: "FeatureCollection", features: [] };
const NOBODY = ["==", ["get", "id"], -1];
const POINTS = ["!", ["has", "point_count"]];
const CLUSTERS = ["has", "point_count"];

export const pickLayers = ["workers-point", "workers-cluster"];

export const toggles = [
  {
    key: "workers", label: gettext_noop("在岗人员"), live: true, count: "workers",
    layers: ["workers-cluster-halo", "workers-cluster", "workers-cluster-count", "workers-halo", "workers-point", "workers-selected"],
    labelLayers: ["workers-label"],
    swatch: { dot: STATUS_COLORS.on_duty },
    legend: STATUS_ORDER.map((status) => ({
      status, label: STATUS_NAMES[status], swatch: { dot: STATUS_COLORS[status] },
    })),
  },
];

const byStatus = (get) => ["match", get, ...STATUS_ORDER.flatMap((s) => [s, STATUS_COLORS[s]]), STATUS_COLORS.off_duty];
// The most urgent status in a cluster: outside, then stale, then on duty.
const clusterColor = [
  "case",
  [">", ["get", "outside"], 0], STATUS_COLORS.outside,
  [">", ["get", "stale"], 0], STATUS_COLORS.stale,
  [">", ["get", "on_duty"], 0], STATUS_COLORS.on_duty,
  STATUS_COLORS.off_duty,
];
const countOf = (status) => ["+", ["case", ["==", ["get", "status"], status], 1, 0]];

function addLayers(map) {
  map.addSource(SOURCE, {
    type: "geojson", data: EMPTY, cluster: true, clusterMaxZoom: CLUSTER_MAX_ZOOM, clusterRadius: 46,
    clusterProperties: Object.fromEntries(["on_duty", "outside", "stale"].map((s) => [s, countOf(s)])),
  });
  const src = { source: SOURCE };
  const clusterRadius = ["step", ["get", "point_count"], 15, 10, 18, 50, 23, 200, 28];
  addToSlot(map, "live", {
    id: "workers-cluster-halo", type: "circle", ...src, filter: CLUSTERS,
    paint: { "circle-radius": ["+", clusterRadius, 6], "circle-color": clusterColor, "circle-opacity": 0.22 },
  });
  addToSlot(map, "live", {
    id: "workers-cluster", type: "circle", ...src, filter: CLUSTERS,
    paint: { "circle-radius": clusterRadius, "circle-color": clusterColor, "circle-stroke-color": "#fff", "circle-stroke-width": 2 },
  });
  addToSlot(map, "live", {
    id: "workers-cluster-count", type: "symbol", ...src, filter: CLUSTERS,
    layout: { "text-field": ["get", "point_count_abbreviated"], "text-font": FONT_BOLD, "text-size": 13, "text-allow-overlap": true },
    paint: { "text-color": "#fff", "text-halo-color": "rgba(0,0,0,0.25)", "text-halo-width": 0.8 },
  });
  addToSlot(map, "live", {
    id: "workers-halo", type: "circle", ...src, filter: ["all", POINTS, ["!=", ["get", "status"], "off_duty"]],
    paint: {
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 13, 11, 17, 16],
      "circle-color": byStatus(["get", "status"]), "circle-opacity": 0.2,
    },
  });
  addToSlot(map, "live", {
    id: "workers-point", type: "circle", ...src, filter: POINTS,
    paint: {
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 13, 6, 17, 9],
      "circle-color": byStatus(["get", "status"]),
      "circle-stroke-color": "#fff", "circle-stroke-width": 2,
    },
  });
  addToSlot(map, "live", {
    id: "workers-selected", type: "circle", ...src, filter: NOBODY,
    paint: {
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 13, 12, 17, 16],
      "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": COLORS.highlight, "circle-stroke-width": 3,
    },
  });
  addToSlot(map, "live", {
    id: "workers-label", type: "symbol", ...src, filter: POINTS, minzoom: LABEL_MINZOOM,
    layout: {
      "text-field": ["get", "name"], "text-font": FONT, "text-size": 12, "text-anchor": "top",
      "text-offset": [0, 0.9], "text-optional": true,
    },
    paint: { "text-color": "#13263f", "text-halo-color": COLORS.halo, "text-halo-width": 1.5 },
  });
}

const ease = (x) => (x < 0.5 ? 2 * x * x : 1 - (-2 * x + 2) ** 2 / 2);

/**
 * The workers layer. `toMap([lon, lat])` puts WGS84 on the map's datum; `nameOf(id)` names a
 * worker (from the roster); `onChange(counts)` hears the number of workers per status.
 */
export function createWorkersLayer(map, { toMap, nameOf = () => "", onChange = () => {} }) {
  addLayers(map);
  const workers = new Map(); // id → the server's latest item
  const shown = new Map(); // id → {from, to, start, at, status}: where the dot is drawn (map datum)
  let frame = 0;
  let selected = null;

  // Only dots in sight glide: a district's worth of them gliding off-screen would redraw for nothing.
  function inView(bounds, [lon, lat]) {
    return bounds.getWest() <= lon && lon <= bounds.getEast() && bounds.getSouth() <= lat && lat <= bounds.getNorth();
  }

  function place(item, glide, bounds) {
    const to = toMap([item.lon, item.lat]);
    const dot = shown.get(item.id);
    const status = displayStatus(item);
    if (!dot || !glide || !(inView(bounds, dot.at) || inView(bounds, to))) {
      shown.set(item.id, { from: to, to, start: 0, at: to, status });
    } else if (dot.to[0] !== to[0] || dot.to[1] !== to[1]) {
      shown.set(item.id, { from: dot.at, to, start: performance.now(), at: dot.at, status });
    } else {
      dot.status = status;
    }
  }

  function features() {
    const list = [];
    for (const [id, dot] of shown) {
      const item = workers.get(id);
      list.push({
        type: "Feature",
        properties: { id, name: nameOf(id), status: dot.status, grid: item.grid, time: item.time },
        geometry: { type: "Point", coordinates: dot.at },
      });
    }
    return { type: "FeatureCollection", features: list };
  }

  let drawnEmpty = true;

  function draw(now) {
    frame = 0;
    // Nothing to draw twice: an idle, empty map stays "loaded" (no needless source reload).
    if (!shown.size && drawnEmpty) return;
    drawnEmpty = !shown.size;
    let moving = false;
    for (const dot of shown.values()) {
      if (!dot.start) continue;
      const progress = Math.min(1, Math.max(0, (now - dot.start) / GLIDE_MS));
      const k = ease(progress);
      dot.at = progress >= 1 ? dot.to
        : [dot.from[0] + (dot.to[0] - dot.from[0]) * k, dot.from[1] + (dot.to[1] - dot.from[1]) * k];
      if (progress >= 1) dot.start = 0;
      else moving = true;
    }
    map.getSource(SOURCE).setData(features());
    if (moving) schedule();
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function changed() {
    schedule();
    onChange(counts());
  }

  function counts() {
    const byStatus = Object.fromEntries(STATUS_ORDER.map((s) => [s, 0]));
    for (const dot of shown.values()) byStatus[dot.status] += 1;
    return { ...byStatus, total: shown.size };
  }

  /** Replaces every worker with the snapshot's (those missing from it have left the view). */
  function applySnapshot(items) {
    const ids = new Set(items.map((item) => item.id));
    for (const id of [...workers.keys()]) {
      if (!ids.has(id)) {
        workers.delete(id);
        shown.delete(id);
      }
    }
    applyPositions(items);
  }

  /** Moves the workers in a `positions` frame (a frame never carries an older fix than ours). */
  function applyPositions(items) {
    const bounds = map.getBounds();
    for (const item of items) {
      const current = workers.get(item.id);
      if (current && Date.parse(current.time) > Date.parse(item.time)) continue;
      workers.set(item.id, item);
      place(item, Boolean(current), bounds);
    }
    changed();
  }

  function recheck() {
    let any = false;
    for (const [id, dot] of shown) {
      const status = displayStatus(workers.get(id));
      if (status !== dot.status) {
        dot.status = status;
        any = true;
      }
    }
    if (any) changed();
  }
  setInterval(recheck, RECHECK_MS);

  return {
    workers,
    counts,
    changed,
    /** The dot's drawn position (map datum) — mid-glide, between the old and new fix. */
    displayed: (id) => shown.get(id)?.at ?? null,
    status: (id) => shown.get(id)?.status ?? null,
    applySnapshot,
    applyPositions,
    select(id) {
      selected = id ?? null;
      map.setFilter("workers-selected", selected === null ? NOBODY : ["all", POINTS, ["==", ["get", "id"], selected]]);
    },
    get selected() {
      return selected;
    },
    async expandCluster(clusterId, lngLat) {
      const zoom = await map.getSource(SOURCE).getClusterExpansionZoom(clusterId);
      map.easeTo({ center: lngLat, zoom: Math.min(zoom + 0.2, 17) });
    },
  };
}
