// Places (tile layer `places`, fields id, kind, name, code; from z12): an icon per kind, schools
// and hospitals also as filled polygons, names from z16. Kinds can be switched one by one.
import { addPlaceIcons } from "../icons.js";
import { COLORS, FONT, PLACE_COLORS, PLACE_DEFAULT_COLOR } from "../theme.js";
import { addToSlot } from "./slots.js";

const SRC = { source: "places", "source-layer": "places" };
const POLYGON = ["==", ["geometry-type"], "Polygon"];
const kindColor = ["match", ["get", "kind"], ...Object.entries(PLACE_COLORS).flat(), PLACE_DEFAULT_COLOR];
// Where icons collide the more important kinds win (lower key first).
const PRIORITY = ["hospital", "school", "shelter", "militia_unit", "warehouse", "key_place", "religious_site", "financial_outlet", "facility"];
const sortKey = ["match", ["get", "kind"], ...PRIORITY.flatMap((kind, i) => [kind, i]), PRIORITY.length];

export const KIND_LAYERS = ["places-fill", "places-outline", "places-icon", "places-label"];

export const toggles = [
  { key: "places", label: "places", source: "places", layers: ["places-fill", "places-outline", "places-icon"], labelLayers: ["places-label"], kinds: true },
];

export const pickLayers = ["places-icon", "places-fill"];

export function addPlaceLayers(map, kinds) {
  addPlaceIcons(map, kinds);
  addToSlot(map, "fill", {
    id: "places-fill", type: "fill", ...SRC, filter: POLYGON,
    paint: { "fill-color": kindColor, "fill-opacity": ["interpolate", ["linear"], ["zoom"], 12, 0.45, 17, 0.28] },
  });
  addToSlot(map, "line", {
    id: "places-outline", type: "line", ...SRC, filter: POLYGON,
    paint: { "line-color": kindColor, "line-width": ["interpolate", ["linear"], ["zoom"], 12, 0.8, 17, 2] },
  });
  addToSlot(map, "symbol", {
    id: "places-icon", type: "symbol", ...SRC,
    layout: {
      "icon-image": ["concat", "place-", ["get", "kind"]],
      "icon-size": ["interpolate", ["linear"], ["zoom"], 12, 0.62, 15, 0.85, 18, 1],
      "icon-padding": 1,
      "symbol-sort-key": sortKey,
      "icon-allow-overlap": false,
    },
  });
  addToSlot(map, "symbol", {
    id: "places-label", type: "symbol", ...SRC, minzoom: 16,
    layout: {
      "text-field": ["get", "name"], "text-font": FONT, "text-size": 11.5, "text-max-width": 8,
      "text-anchor": "top", "text-offset": [0, 1.1], "text-optional": true, "symbol-sort-key": sortKey,
    },
    paint: { "text-color": ["match", ["get", "kind"], "facility", "#475569", kindColor], "text-halo-color": COLORS.halo, "text-halo-width": 1.3 },
  });
}

/** Shows only the place kinds in `kinds` (a Set of kind values). */
export function showPlaceKinds(map, kinds) {
  const inKinds = ["in", ["get", "kind"], ["literal", [...kinds]]];
  map.setFilter("places-fill", ["all", POLYGON, inKinds]);
  map.setFilter("places-outline", ["all", POLYGON, inKinds]);
  map.setFilter("places-icon", inKinds);
  map.setFilter("places-label", inKinds);
}
