// The command map's event layer (事项, GeoJSON source `events`): a dot per event coloured by status
// (events/colors.js), a red ring round an overdue one, a small purple mark on a supervised one, the
// selected one ringed; clustered below zoom 14 (a cluster red when it holds an overdue event).
// Points arrive in WGS84 and are put on the map's datum with `toMap`.
import { choice } from "../events/choices.js";
import { OVERDUE_COLOR, STATUS_COLORS } from "../events/colors.js";
import { gettext_noop } from "../kit/i18n.js";
import { FONT_BOLD } from "../theme.js";
import { addToSlot } from "./slots.js";

const SOURCE = "events";
const CLUSTER_MAX_ZOOM = 13;
const FLASH_MS = 2600;
export const SUPERVISED_COLOR = "#9333ea";
const CLUSTER_COLOR = "#1d4f91";
const POINTS = ["!", ["has", "point_count"]];
const CLUSTERS = ["has", "point_count"];
const NONE = ["==", ["get", "id"], -1];
const flashing = ["boolean", ["feature-state", "flash"], false];
const statusColor = ["match", ["get", "status"], ...Object.entries(STATUS_COLORS).flat(), "#64748b"];

export const pickLayers = ["events-point", "events-cluster"];
const LAYERS = ["events-cluster", "events-cluster-count", "events-ring", "events-point", "events-supervised", "events-selected"];

// Statuses in the legend: those an open event can have (what the map shows by default).
const LEGEND_STATUSES = ["reported", "accepted", "dispatched", "escalated", "in_progress", "returned", "resolved"];

export const toggles = [
  {
    key: "events", label: gettext_noop("事项"), live: true, count: "events", layers: LAYERS,
    swatch: { dot: STATUS_COLORS.reported },
    legend: [
      ...LEGEND_STATUSES.map((status) => ({ status, label: choice("status", status), swatch: { dot: STATUS_COLORS[status] } })),
      { label: gettext_noop("超期"), swatch: { ring: OVERDUE_COLOR } },
      { label: gettext_noop("督办"), swatch: { dot: SUPERVISED_COLOR } },
    ],
  },
];

function addLayers(map) {
  map.addSource(SOURCE, {
    type: "geojson", data: { type: "FeatureCollection", features: [] }, promoteId: "id",
    cluster: true, clusterMaxZoom: CLUSTER_MAX_ZOOM, clusterRadius: 40,
    clusterProperties: { overdue: ["+", ["case", ["get", "overdue"], 1, 0]] },
  });
  const src = { source: SOURCE };
  const clusterColor = ["case", [">", ["get", "overdue"], 0], OVERDUE_COLOR, CLUSTER_COLOR];
  addToSlot(map, "live", {
    id: "events-cluster", type: "circle", ...src, filter: CLUSTERS,
    paint: {
      "circle-radius": ["step", ["get", "point_count"], 13, 10, 16, 50, 20], "circle-color": clusterColor,
      "circle-opacity": 0.88, "circle-stroke-color": "#fff", "circle-stroke-width": 2.5,
    },
  });
  addToSlot(map, "live", {
    id: "events-cluster-count", type: "symbol", ...src, filter: CLUSTERS,
    layout: { "text-field": ["get", "point_count_abbreviated"], "text-font": FONT_BOLD, "text-size": 12, "text-allow-overlap": true },
    paint: { "text-color": "#fff" },
  });
  addToSlot(map, "live", {
    id: "events-ring", type: "circle", ...src, filter: ["all", POINTS, ["==", ["get", "overdue"], true]],
    paint: {
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 12, 10, 17, 15],
      "circle-color": "rgba(220, 38, 38, 0.14)", "circle-stroke-color": OVERDUE_COLOR, "circle-stroke-width": 2.2,
    },
  });
  // A flashed dot (a live change) grows by 60 %; zoom must be the outermost expression.
  const radius = ["interpolate", ["linear"], ["zoom"], ...[[12, 6], [17, 9]].flatMap(([z, r]) => [z, ["case", flashing, r * 1.6, r]])];
  addToSlot(map, "live", {
    id: "events-point", type: "circle", ...src, filter: POINTS,
    paint: {
      "circle-radius": radius, "circle-color": statusColor,
      "circle-stroke-color": ["case", flashing, "#ffb020", "#ffffff"], "circle-stroke-width": ["case", flashing, 4, 2],
    },
  });
  addToSlot(map, "live", {
    id: "events-supervised", type: "circle", ...src, filter: ["all", POINTS, ["==", ["get", "supervised"], true]],
    paint: {
      "circle-radius": 4, "circle-color": SUPERVISED_COLOR, "circle-stroke-color": "#fff", "circle-stroke-width": 1.5,
      "circle-translate": [7, -7],
    },
  });
  addToSlot(map, "live", {
    id: "events-selected", type: "circle", ...src, filter: NONE,
    paint: {
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 12, 12, 17, 16],
      "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#0a2342", "circle-stroke-width": 3,
    },
  });
}

/** The layer: `setEvents(features)` (the list API's GeoJSON features), `select(id)`, `flash(id)`. */
export function createEventLayer(map, { toMap }) {
  addLayers(map);
  let points = new Map(); // id → map coordinates

  function toFeature(f) {
    const p = f.properties;
    const at = toMap(f.geometry.coordinates);
    points.set(f.id, at);
    return {
      type: "Feature", geometry: { type: "Point", coordinates: at },
      properties: {
        id: f.id, status: p.status, overdue: Boolean(p.overdue), supervised: Boolean(p.supervised),
        code: p.code, title: p.title,
      },
    };
  }

  return {
    setEvents(features) {
      points = new Map();
      map.getSource(SOURCE).setData({ type: "FeatureCollection", features: features.map(toFeature) });
    },
    /** Where event `id` is drawn (map datum), if shown. */
    at: (id) => points.get(id) ?? null,
    has: (id) => points.has(id),
    select(id) {
      map.setFilter("events-selected", id ? ["all", POINTS, ["==", ["get", "id"], id]] : NONE);
    },
    flash(id) {
      if (!points.has(id)) return;
      map.setFeatureState({ source: SOURCE, id }, { flash: true });
      setTimeout(() => map.setFeatureState({ source: SOURCE, id }, { flash: false }), FLASH_MS);
    },
    async expandCluster(clusterId, lngLat) {
      const zoom = await map.getSource(SOURCE).getClusterExpansionZoom(clusterId);
      map.easeTo({ center: lngLat, zoom: Math.min(zoom + 0.2, 17) });
    },
  };
}
