// Building footprints (tile layer `buildings`, fields id, code, name, kind, floors, address; from
// z15), tinted by kind. A click opens the building in the info panel with a link to its 楼盘表.
import { gettext_noop } from "../kit/i18n.js";
import { addToSlot } from "./slots.js";

const SRC = { source: "buildings", "source-layer": "buildings" };
export const BUILDING_COLORS = { residential: "#8c6d4f", commercial: "#3b82b6", mixed: "#8b5cf6", public: "#2e9e5b" };
const byKind = ["match", ["get", "kind"], ...Object.entries(BUILDING_COLORS).flat(), "#8c6d4f"];

export const BUILDING_NAMES = {
  residential: gettext_noop("住宅"),
  commercial: gettext_noop("商业"),
  mixed: gettext_noop("商住混合"),
  public: gettext_noop("公共建筑"),
};

export const toggles = [
  {
    key: "buildings", label: gettext_noop("楼栋"), source: "buildings",
    layers: ["buildings-fill", "buildings-line"],
    legend: Object.entries(BUILDING_COLORS).map(([kind, color]) => ({
      label: BUILDING_NAMES[kind], swatch: { fill: color, line: color },
    })),
  },
];

export const pickLayers = ["buildings-fill"];

export function addBuildingLayers(map) {
  addToSlot(map, "fill", {
    id: "buildings-fill", type: "fill", ...SRC, minzoom: 15,
    paint: { "fill-color": byKind, "fill-opacity": 0.45 },
  });
  addToSlot(map, "line", {
    id: "buildings-line", type: "line", ...SRC, minzoom: 15,
    paint: { "line-color": byKind, "line-width": ["interpolate", ["linear"], ["zoom"], 15, 0.6, 18, 1.6] },
  });
}
