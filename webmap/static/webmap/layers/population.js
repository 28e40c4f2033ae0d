// People per grid as a choropleth (实有人口): the grids tile layer filled by the number of people
// the registry counts in each grid (`/api/v1/registry/counts?by=grid`, trigger-kept counts, cut to
// the user's jurisdiction). Off by default.
import { gettext_noop } from "../kit/i18n.js";
import { addToSlot } from "./slots.js";

export const POPULATION_RAMP = [[0, "#f7fbff"], [300, "#c6dbef"], [800, "#6baed6"], [1500, "#2171b5"], [3000, "#08306b"]];

export const toggles = [
  {
    key: "population", label: gettext_noop("实有人口(按网格)"), source: "grids", off: true,
    layers: ["population-fill"],
    swatch: { ramp: POPULATION_RAMP.map(([, color]) => color) },
  },
];

/** `counts`: [{code, people}] per grid. */
export function addPopulationLayers(map, counts) {
  const people = counts.length
    ? ["match", ["get", "code"], ...counts.flatMap((c) => [c.code, c.people]), 0]
    : 0;
  addToSlot(map, "fill", {
    id: "population-fill", type: "fill", source: "grids", "source-layer": "grids", layout: { visibility: "none" },
    paint: {
      "fill-color": ["interpolate", ["linear"], people, ...POPULATION_RAMP.flat()],
      "fill-opacity": 0.7,
    },
  });
}
