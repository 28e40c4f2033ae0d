// The selected feature, drawn over everything else: a glowing outline on the tile layer it comes
// from (matched by code, or id for places, so it follows every tile), and a pin for a located point.
import { COLORS } from "../theme.js";
import { addToSlot } from "./slots.js";

const NONE = ["==", ["get", "code"], "\u0000"];
const OUTLINED = ["areas", "grids", "microgrids", "places"];
const SOURCE_OF = { district: "areas", street: "areas", community: "areas", grid: "grids", micro_grid: "microgrids", place: "places" };

export function addHighlightLayers(map) {
  for (const source of OUTLINED) {
    const src = { source, "source-layer": source, filter: NONE };
    addToSlot(map, "highlight", {
      id: `hl-${source}-glow`, type: "line", ...src,
      paint: { "line-color": COLORS.highlight, "line-opacity": 0.28, "line-width": 9, "line-blur": 3 },
    });
    addToSlot(map, "highlight", {
      id: `hl-${source}-line`, type: "line", ...src,
      paint: { "line-color": COLORS.highlight, "line-width": 2.6 },
    });
  }
  addToSlot(map, "highlight", {
    id: "hl-places-point", type: "circle", source: "places", "source-layer": "places", filter: NONE,
    paint: { "circle-radius": 14, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": COLORS.highlight, "circle-stroke-width": 3 },
  });
  map.addSource("picked-point", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  addToSlot(map, "highlight", {
    id: "picked-point", type: "circle", source: "picked-point",
    paint: { "circle-radius": 6, "circle-color": COLORS.highlight, "circle-stroke-color": "#fff", "circle-stroke-width": 2 },
  });
}

/** Outlines `entity` ({type, code, id}); null clears the selection. */
export function highlight(map, entity) {
  const target = entity && SOURCE_OF[entity.type];
  for (const source of OUTLINED) {
    let filter = NONE;
    if (source === target) {
      filter = source === "places" ? ["==", ["get", "id"], Number(entity.id)] : ["==", ["get", "code"], entity.code];
    }
    map.setFilter(`hl-${source}-glow`, filter);
    map.setFilter(`hl-${source}-line`, filter);
    if (source === "places") map.setFilter("hl-places-point", filter === NONE ? NONE : ["all", ["==", ["geometry-type"], "Point"], filter]);
  }
}

/** Pins a point ([lon, lat] on the map), or clears the pin with null. */
export function pinPoint(map, lngLat) {
  map.getSource("picked-point").setData({
    type: "FeatureCollection",
    features: lngLat ? [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: lngLat } }] : [],
  });
}
