// Patrol heat (tile layer `heat`, fields fixes, cell; from z8): H3 hexagons of good fixes over the
// last hours, blue (few) to red (many) on a log scale, semi-transparent. Off by default. The
// server re-renders heat once a minute; a `heat` frame on the socket asks for fresh tiles.
import { gettext_noop } from "../kit/i18n.js";
import { HEAT_RAMP } from "../theme.js";
import { addToSlot } from "./slots.js";

const SRC = { source: "heat", "source-layer": "heat" };
const REFRESH_MS = 60000;

export const toggles = [
  {
    key: "heat", label: gettext_noop("巡查热力"), source: "heat", live: true, off: true,
    layers: ["heat-fill", "heat-line"],
    swatch: { ramp: HEAT_RAMP.map(([, color]) => color) },
  },
];

// ln(fixes) → colour: each ramp stop is a count, interpolated between on a log scale.
const logFixes = ["ln", ["max", 1, ["to-number", ["get", "fixes"], 1]]];
const ramp = ["interpolate", ["linear"], logFixes, ...HEAT_RAMP.flatMap(([n, color]) => [Math.log(n), color])];

export function addHeatLayers(map) {
  addToSlot(map, "heat", {
    id: "heat-fill", type: "fill", ...SRC, layout: { visibility: "none" },
    paint: { "fill-color": ramp, "fill-opacity": ["interpolate", ["linear"], ["zoom"], 10, 0.62, 16, 0.45], "fill-antialias": false },
  });
  addToSlot(map, "heat", {
    id: "heat-line", type: "line", ...SRC, minzoom: 13, layout: { visibility: "none" },
    paint: { "line-color": ramp, "line-width": 0.6, "line-opacity": 0.7 },
  });
}

/** Asks for fresh heat tiles when the layer is on, at most once a minute (the server's cadence). */
export function createHeatRefresher(map) {
  let last = performance.now();
  let pending = 0;

  function refresh() {
    pending = 0;
    if (map.getLayoutProperty("heat-fill", "visibility") !== "visible") return;
    last = performance.now();
    map.refreshTiles("heat");
  }

  return {
    /** Heat changed on the server (a `heat` frame): refresh now or once the minute is up. */
    changed() {
      if (pending) return;
      const wait = Math.max(0, REFRESH_MS - (performance.now() - last));
      pending = setTimeout(refresh, wait);
    },
  };
}
