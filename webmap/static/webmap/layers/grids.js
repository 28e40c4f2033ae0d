// Grids (tile layer `grids`, fields id, code, name, kind; from z11): comprehensive grids as blue
// outlines, dedicated grids (专属网格, around a school or hospital) in orange with a light fill.
import { gettext_noop } from "../kit/i18n.js";
import { COLORS, FONT } from "../theme.js";
import { addPolygonAnchors } from "./polygon-labels.js";
import { addToSlot } from "./slots.js";

const SRC = { source: "grids", "source-layer": "grids" };
const LABEL_MINZOOM = 14.5;
const byKind = (dedicated, comprehensive) => ["match", ["get", "kind"], "dedicated", dedicated, comprehensive];

export const toggles = [
  {
    key: "grids", label: gettext_noop("网格"), source: "grids", count: "grid",
    layers: ["grids-fill", "grids-line"], labelLayers: ["grids-label"],
    legend: [
      { kind: "comprehensive", swatch: { line: COLORS.grid } },
      { kind: "dedicated", swatch: { fill: COLORS.dedicated, line: COLORS.dedicated } },
    ],
  },
];

export const pickLayers = ["grids-fill"];

export function addGridLayers(map) {
  addToSlot(map, "fill", {
    id: "grids-fill", type: "fill", ...SRC,
    paint: { "fill-color": byKind(COLORS.dedicated, COLORS.grid), "fill-opacity": ["interpolate", ["linear"], ["zoom"], 11, byKind(0.32, 0), 15, byKind(0.12, 0)] },
  });
  addToSlot(map, "line", {
    id: "grids-line", type: "line", ...SRC,
    layout: { "line-join": "round" },
    paint: {
      "line-color": byKind(COLORS.dedicated, COLORS.grid),
      "line-width": ["interpolate", ["linear"], ["zoom"], 11, byKind(1, 0.5), 14, byKind(2, 1.2), 17, byKind(2.8, 2)],
      "line-opacity": ["interpolate", ["linear"], ["zoom"], 11, 0.4, 13.5, 0.95],
    },
  });
  addPolygonAnchors(map, { id: "grid-anchors", source: "grids", sourceLayer: "grids", key: "code", minzoom: LABEL_MINZOOM });
  addToSlot(map, "symbol", {
    id: "grids-label", type: "symbol", source: "grid-anchors", minzoom: LABEL_MINZOOM,
    layout: {
      "text-field": ["get", "name"], "text-font": FONT, "text-max-width": 9, "text-padding": 6,
      // Off the centre when a place icon sits there (a dedicated grid's school or hospital).
      "text-variable-anchor-offset": ["center", [0, 0], "top", [0, 1.1], "bottom", [0, -1.1]],
      "text-size": ["interpolate", ["linear"], ["zoom"], 14.5, 11, 17, 13],
    },
    paint: { "text-color": byKind("#b34305", "#1849a9"), "text-halo-color": COLORS.halo, "text-halo-width": 1.3 },
  });
}
