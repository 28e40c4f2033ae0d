// The map in the centre of the wall: our vector tiles (areas, grids; patrol heat and militia on the
// screens that want them) on a dark background, plus what a screen hands it: a choropleth of the
// child areas, H3 hot spots and flashing points (overdue events). GeoJSON from the API is WGS84;
// `coords.toMap` shifts it when the base map is GCJ-02.
import { datum } from "../webmap/datum.js";
import { addVectorSources, loadTileJSON } from "../webmap/kit/tiles.js";
import { HEAT_RAMP, LOCAL_IDEOGRAPH_FONT } from "../webmap/theme.js";

const TILE_LAYERS = ["areas", "grids", "heat", "militia", "resources"];
const RAMP = ["#0d3b66", "#1769aa", "#2a9df4", "#ffb020", "#ff4d4f"];

function mapGeoJSON(geojson, toMap) {
  const move = (c) => (typeof c[0] === "number" ? toMap(c) : c.map(move));
  return {
    type: "FeatureCollection",
    features: geojson.features.map((f) => ({
      ...f, geometry: { ...f.geometry, coordinates: move(f.geometry.coordinates) },
    })),
  };
}

/** A colour ramp over [0, max]; stops must ascend strictly, so max is at least the number of colours. */
function ramp(max) {
  const top = Math.max(max, RAMP.length);
  const stops = RAMP.flatMap((color, i) => [(top * i) / (RAMP.length - 1), color]);
  return ["interpolate", ["linear"], ["get", "n"], ...stops];
}

export async function createWallMap(container, config) {
  const coords = datum(config.tileShift);
  const tilejsons = {};
  await Promise.all(TILE_LAYERS.map(async (name) => {
    try { Object.assign(tilejsons, await loadTileJSON([name])); } catch { /* a layer this reader may not see */ }
  }));
  const style = { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#071a38" } }] };
  if (config.basemap.tiles.length) {
    style.sources.basemap = { type: "raster", tiles: config.basemap.tiles, tileSize: 256, attribution: config.basemap.attribution || undefined };
    style.layers.push({ id: "basemap", type: "raster", source: "basemap", paint: { "raster-brightness-max": 0.45, "raster-saturation": -0.6 } });
  }
  const b = tilejsons.areas?.bounds;
  const map = new maplibregl.Map({
    container, style, localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT, attributionControl: false,
    bounds: b ? coords.bounds(b) : undefined, fitBoundsOptions: { padding: 30 }, dragRotate: false, maxPitch: 0,
    preserveDrawingBuffer: true,
  });
  await map.once("load");
  addVectorSources(map, tilejsons, config.tileShift);
  const has = (name) => Boolean(tilejsons[name]);
  const empty = { type: "FeatureCollection", features: [] };
  for (const id of ["choropleth", "hot", "points"]) map.addSource(id, { type: "geojson", data: empty });

  if (has("heat")) {
    map.addLayer({
      id: "heat", type: "fill", source: "heat", "source-layer": "heat", layout: { visibility: "none" },
      paint: { "fill-color": ["interpolate", ["linear"], ["get", "fixes"], ...HEAT_RAMP.flat()], "fill-opacity": 0.7 },
    });
  }
  if (has("areas")) {
    map.addLayer({
      id: "area-fill", type: "fill", source: "areas", "source-layer": "areas", filter: ["==", ["get", "level"], "street"],
      paint: { "fill-color": "#0f2f5c", "fill-opacity": 0.6 },
    });
  }
  map.addLayer({ id: "hot", type: "fill", source: "hot", paint: { "fill-color": ramp(10), "fill-opacity": 0.75 } });
  if (has("grids")) {
    map.addLayer({
      id: "grid-line", type: "line", source: "grids", "source-layer": "grids", minzoom: 11,
      paint: { "line-color": "#2a6bb5", "line-width": 0.6, "line-opacity": 0.6 },
    });
  }
  if (has("areas")) {
    for (const [level, width, color] of [["community", 0.8, "#2f7fd8"], ["street", 1.6, "#53b3ff"], ["district", 2.6, "#8fd3ff"]]) {
      map.addLayer({
        id: `${level}-line`, type: "line", source: "areas", "source-layer": "areas", filter: ["==", ["get", "level"], level],
        paint: { "line-color": color, "line-width": width },
      });
    }
  }
  for (const name of ["militia", "resources"]) {
    if (!has(name)) continue;
    map.addLayer({
      id: name, type: "circle", source: name, "source-layer": name, layout: { visibility: "none" },
      paint: { "circle-radius": 5, "circle-color": name === "militia" ? "#3ddc97" : "#ffb020", "circle-stroke-color": "#fff", "circle-stroke-width": 1 },
    });
  }
  map.addLayer({
    id: "points", type: "circle", source: "points",
    paint: { "circle-radius": 6, "circle-color": "#ff4d4f", "circle-stroke-color": "#fff", "circle-stroke-width": 1.2 },
  });
  let flash = null;
  const state = {
    map,
    coords,
    tilejsons,
    /** Tints the child areas (`areas` or `grids` tiles) by `values` {code: number}. */
    choropleth(values, level) {
      const source = level === "grid" ? "grids" : "areas";
      if (map.getLayer("choropleth")) map.removeLayer("choropleth");
      const entries = Object.entries(values).filter(([, v]) => v > 0);
      if (!entries.length || !has(source)) return;
      const max = Math.max(...entries.map(([, v]) => v));
      const color = ["match", ["get", "code"], ...entries.flatMap(([code, v]) => [code, RAMP[Math.min(RAMP.length - 1, Math.round((v / max) * (RAMP.length - 1)))]]), "rgba(0,0,0,0)"];
      map.addLayer({ id: "choropleth", type: "fill", source, "source-layer": source, paint: { "fill-color": color, "fill-opacity": 0.55 } }, "hot");
    },
    hot(geojson) {
      const max = Math.max(1, ...geojson.features.map((f) => f.properties.n));
      map.getSource("hot").setData(mapGeoJSON(geojson, coords.toMap));
      map.setPaintProperty("hot", "fill-color", ramp(max));
    },
    points(geojson, { flashing = false } = {}) {
      map.getSource("points").setData(mapGeoJSON(geojson, coords.toMap));
      clearInterval(flash);
      if (flashing) {
        let on = true;
        flash = setInterval(() => { on = !on; map.setPaintProperty("points", "circle-opacity", on ? 1 : 0.25); }, 600);
      }
    },
    show(layer, on) { if (map.getLayer(layer)) map.setLayoutProperty(layer, "visibility", on ? "visible" : "none"); },
    clear() {
      if (map.getLayer("choropleth")) map.removeLayer("choropleth");
      map.getSource("hot").setData(empty);
      state.points(empty);
      for (const name of ["heat", "militia", "resources"]) state.show(name, false);
    },
  };
  return state;
}
