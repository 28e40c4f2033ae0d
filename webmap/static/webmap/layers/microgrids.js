// Micro-grids (tile layer `microgrids`, fields id, code, name; from z14): thin dotted outlines.
import { gettext_noop } from "../kit/i18n.js";
import { COLORS, FONT } from "../theme.js";
import { addPolygonAnchors } from "./polygon-labels.js";
import { addToSlot } from "./slots.js";

const LABEL_MINZOOM = 16.5;
const SRC = { source: "microgrids", "source-layer": "microgrids" };

export const toggles = [
  {
    key: "microgrids", label: gettext_noop("微网格"), source: "microgrids", count: "micro_grid",
    layers: ["microgrids-fill", "microgrids-line"], labelLayers: ["microgrids-label"],
    swatch: { line: COLORS.microGrid, dash: true },
  },
];

export const pickLayers = ["microgrids-fill"];

export function addMicroGridLayers(map) {
  // Invisible, but it makes micro-grids clickable and hoverable.
  addToSlot(map, "fill", {
    id: "microgrids-fill", type: "fill", ...SRC, paint: { "fill-color": COLORS.microGrid, "fill-opacity": 0 },
  });
  addToSlot(map, "line", {
    id: "microgrids-line", type: "line", ...SRC,
    paint: {
      "line-color": COLORS.microGrid,
      "line-width": ["interpolate", ["linear"], ["zoom"], 14, 0.6, 18, 1.4],
      "line-dasharray": [2, 1.5],
    },
  });
  addPolygonAnchors(map, { id: "microgrid-anchors", source: "microgrids", sourceLayer: "microgrids", key: "code", minzoom: LABEL_MINZOOM });
  addToSlot(map, "symbol", {
    id: "microgrids-label", type: "symbol", source: "microgrid-anchors", minzoom: LABEL_MINZOOM,
    layout: { "text-field": ["get", "name"], "text-font": FONT, "text-size": 10.5, "text-max-width": 8, "text-padding": 4 },
    paint: { "text-color": "#5b6b82", "text-halo-color": COLORS.halo, "text-halo-width": 1.2 },
  });
}
