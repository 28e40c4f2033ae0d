// Places (tile layer `places`, fields id, kind, name, code; from z12): an icon per kind, schools
// and hospitals also as filled polygons, names from z16. Kinds can be switched one by one.
// Facilities (部件: manholes, hydrants…) are many and small: their square icons show from z15 only.
import { addPlaceIcons } from "../icons.js";
import { gettext_noop } from "../kit/i18n.js";
import { COLORS, FONT, PLACE_COLORS, PLACE_DEFAULT_COLOR } from "../theme.js";
import { addPolygonAnchors } from "./polygon-labels.js";
import { addToSlot } from "./slots.js";

const SRC = { source: "places", "source-layer": "places" };
const MINZOOM = 12;
const POLYGON = ["==", ["geometry-type"], "Polygon"];
const POINT = ["==", ["geometry-type"], "Point"];
const FACILITY_MINZOOM = 15;
// Filters see the zoom at whole levels, which is fine for thinning.
const THINNED = ["any", ["!=", ["get", "kind"], "facility"], [">=", ["zoom"], FACILITY_MINZOOM]];
// Point places come straight from the tiles; polygon places (schools, hospitals) get one anchor
// each (see polygon-labels.js) for their icon and name.
const ANCHORS = { source: "place-anchors" };
const kindColor = ["match", ["get", "kind"], ...Object.entries(PLACE_COLORS).flat(), PLACE_DEFAULT_COLOR];
// Where icons collide the more important kinds win (lower key first).
const PRIORITY = ["hospital", "school", "shelter", "militia_unit", "warehouse", "key_place", "religious_site", "financial_outlet", "facility"];
const sortKey = ["match", ["get", "kind"], ...PRIORITY.flatMap((kind, i) => [kind, i]), PRIORITY.length];

export const toggles = [
  {
    key: "places", label: gettext_noop("场所/部件"), source: "places", kinds: true,
    layers: ["places-fill", "places-outline", "places-icon", "places-anchor-icon"],
    labelLayers: ["places-label", "places-anchor-label"],
  },
];

export const pickLayers = ["places-icon", "places-anchor-icon", "places-fill"];

const ICON_LAYOUT = {
  "icon-image": ["concat", "place-", ["get", "kind"]],
  "icon-size": ["interpolate", ["linear"], ["zoom"], 12, 0.62, 15, 0.85, 18, 1],
  "icon-padding": 1,
  "symbol-sort-key": sortKey,
};
const LABEL = {
  minzoom: 16,
  layout: {
    "text-field": ["get", "name"], "text-font": FONT, "text-size": 11.5, "text-max-width": 8,
    "text-anchor": "top", "text-offset": [0, 1.3], "text-padding": 1, "symbol-sort-key": sortKey,
  },
  paint: { "text-color": ["match", ["get", "kind"], "facility", "#475569", kindColor], "text-halo-color": COLORS.halo, "text-halo-width": 1.3 },
};

export function addPlaceLayers(map, kinds) {
  addPlaceIcons(map, kinds);
  addToSlot(map, "fill", {
    id: "places-fill", type: "fill", ...SRC, filter: POLYGON,
    paint: { "fill-color": kindColor, "fill-opacity": ["interpolate", ["linear"], ["zoom"], 12, 0.4, 15, 0.08] },
  });
  addToSlot(map, "line", {
    id: "places-outline", type: "line", ...SRC, filter: POLYGON,
    paint: { "line-color": kindColor, "line-width": ["interpolate", ["linear"], ["zoom"], 12, 0.8, 17, 2] },
  });
  addPolygonAnchors(map, { id: "place-anchors", source: "places", sourceLayer: "places", key: "id", minzoom: MINZOOM });
  // Names go under the icons: symbols on top are placed first, so a name never hides an icon.
  addToSlot(map, "symbol", { id: "places-label", type: "symbol", ...SRC, filter: POINT, ...LABEL });
  addToSlot(map, "symbol", { id: "places-anchor-label", type: "symbol", ...ANCHORS, ...LABEL });
  addToSlot(map, "symbol", { id: "places-icon", type: "symbol", ...SRC, filter: ["all", POINT, THINNED], layout: ICON_LAYOUT });
  addToSlot(map, "symbol", { id: "places-anchor-icon", type: "symbol", ...ANCHORS, filter: THINNED, minzoom: MINZOOM, layout: ICON_LAYOUT });
}

/** Shows only the place kinds in `kinds` (a Set of kind values). */
export function showPlaceKinds(map, kinds) {
  const inKinds = ["in", ["get", "kind"], ["literal", [...kinds]]];
  map.setFilter("places-fill", ["all", POLYGON, inKinds]);
  map.setFilter("places-outline", ["all", POLYGON, inKinds]);
  map.setFilter("places-icon", ["all", POINT, THINNED, inKinds]);
  map.setFilter("places-label", ["all", POINT, inKinds]);
  map.setFilter("places-anchor-icon", ["all", THINNED, inKinds]);
  map.setFilter("places-anchor-label", inKinds);
}
