// Special-group people (重点人群) by management level (tile layer `special_groups`, fields id, level,
// kind, kind_name; from z13) — only for roles allowed to see them (the server refuses the others).
// Dots at the home's point; no names or ids in the tiles. Off by default.
import { gettext_noop } from "../kit/i18n.js";
import { addToSlot } from "./slots.js";

export const LEVEL_COLORS = { red: "#d92d20", yellow: "#e4a11b", green: "#2e9e5b" };

const LEVEL_NAMES = {
  red: gettext_noop("红(高)"),
  yellow: gettext_noop("黄(中)"),
  green: gettext_noop("绿(低)"),
};

export const toggles = [
  {
    key: "special_groups", label: gettext_noop("重点人群"), source: "special_groups", off: true,
    layers: ["special-groups-dot"],
    legend: Object.entries(LEVEL_COLORS).map(([level, color]) => ({
      label: LEVEL_NAMES[level], swatch: { dot: color },
    })),
  },
];

export function addSpecialGroupLayers(map) {
  addToSlot(map, "symbol", {
    id: "special-groups-dot", type: "circle", source: "special_groups", "source-layer": "special_groups",
    layout: { visibility: "none" },
    paint: {
      "circle-color": ["match", ["get", "level"], ...Object.entries(LEVEL_COLORS).flat(), "#888"],
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 13, 3, 17, 6],
      "circle-stroke-color": "#fff", "circle-stroke-width": 1,
    },
  });
}
