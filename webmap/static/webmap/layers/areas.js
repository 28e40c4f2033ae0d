// Admin areas (tile layer `areas`, fields id, code, name, level): street tints and boundaries,
// community boundaries, the district outline, and one name label per street and community.
import { gettext_noop } from "../kit/i18n.js";
import { COLORS, FONT, FONT_BOLD, STREET_TINTS } from "../theme.js";
import { addToSlot } from "./slots.js";

const SRC = { source: "areas", "source-layer": "areas" };
const level = (value) => ["==", ["get", "level"], value];
const streetTint = [
  "match", ["%", ["to-number", ["slice", ["get", "code"], 6, 9], 0], STREET_TINTS.length],
  ...STREET_TINTS.flatMap((color, i) => [i, color]), STREET_TINTS[0],
];

export const toggles = [
  {
    key: "streets", label: gettext_noop("街道/镇"), count: "street",
    layers: ["areas-street-fill", "areas-street-line"], labelLayers: ["areas-street-label"],
    swatch: { fill: STREET_TINTS[0], line: COLORS.street },
  },
  {
    key: "communities", label: gettext_noop("社区/村"), count: "community",
    layers: ["areas-community-fill", "areas-community-line"], labelLayers: ["areas-community-label"],
    swatch: { line: COLORS.community, dash: true },
  },
];

/** Layers whose features a click or hover picks, finest first. */
export const pickLayers = ["areas-community-fill", "areas-street-fill"];

export function addAreaLayers(map, { labels, toMap, basemap }) {
  addToSlot(map, "fill", {
    id: "areas-street-fill", type: "fill", ...SRC, filter: level("street"),
    paint: {
      "fill-color": streetTint,
      "fill-opacity": ["interpolate", ["linear"], ["zoom"], 10, basemap ? 0.18 : 0.42, 15, basemap ? 0.05 : 0.12],
    },
  });
  // Invisible, but it makes communities clickable and hoverable.
  addToSlot(map, "fill", {
    id: "areas-community-fill", type: "fill", ...SRC, filter: level("community"),
    paint: { "fill-color": COLORS.community, "fill-opacity": 0 },
  });
  addToSlot(map, "boundary", {
    id: "areas-community-line", type: "line", ...SRC, filter: level("community"), minzoom: 10,
    layout: { "line-join": "round" },
    paint: {
      "line-color": COLORS.community,
      "line-width": ["interpolate", ["linear"], ["zoom"], 10, 0.9, 14, 1.5, 17, 2],
      "line-dasharray": [3, 2],
      "line-opacity": 0.9,
    },
  });
  addToSlot(map, "boundary", {
    id: "areas-street-line", type: "line", ...SRC, filter: level("street"),
    layout: { "line-join": "round" },
    paint: { "line-color": COLORS.street, "line-width": ["interpolate", ["linear"], ["zoom"], 9, 1.2, 14, 2.6, 17, 3.5] },
  });
  addToSlot(map, "boundary", {
    id: "areas-district-casing", type: "line", ...SRC, filter: level("district"),
    layout: { "line-join": "round" },
    paint: { "line-color": COLORS.district, "line-opacity": 0.18, "line-width": ["interpolate", ["linear"], ["zoom"], 9, 6, 15, 12] },
  });
  addToSlot(map, "boundary", {
    id: "areas-district-line", type: "line", ...SRC, filter: level("district"),
    layout: { "line-join": "round" },
    paint: { "line-color": COLORS.district, "line-width": ["interpolate", ["linear"], ["zoom"], 9, 2, 15, 3.5] },
  });
  addAreaLabels(map, labels, toMap);
}

// Labels come from one point on the surface of each whole area (map config), not from the tiles,
// which would repeat a name once per tile the area crosses.
function addAreaLabels(map, labels, toMap) {
  map.addSource("area-labels", {
    type: "geojson",
    data: {
      type: "FeatureCollection",
      features: labels.map((a) => ({
        type: "Feature",
        properties: { code: a.code, name: a.name, level: a.level },
        geometry: { type: "Point", coordinates: toMap([a.lon, a.lat]) },
      })),
    },
  });
  const text = (size) => ({
    "text-field": ["get", "name"], "text-size": size, "text-max-width": 7, "text-padding": 4,
  });
  addToSlot(map, "symbol", {
    id: "areas-community-label", type: "symbol", source: "area-labels", filter: level("community"), minzoom: 12.2, maxzoom: 17,
    layout: { ...text(["interpolate", ["linear"], ["zoom"], 12, 11.5, 16, 14]), "text-font": FONT },
    paint: { "text-color": "#2c4a75", "text-halo-color": COLORS.halo, "text-halo-width": 1.4 },
  });
  addToSlot(map, "symbol", {
    id: "areas-street-label", type: "symbol", source: "area-labels", filter: level("street"), maxzoom: 14.5,
    layout: { ...text(["interpolate", ["linear"], ["zoom"], 9, 13, 13, 17]), "text-font": FONT_BOLD, "text-letter-spacing": 0.08 },
    paint: { "text-color": COLORS.district, "text-halo-color": COLORS.halo, "text-halo-width": 2 },
  });
}
