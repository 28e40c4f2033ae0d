// Query results on the map (highlighted matches) and as a choropleth of an aggregate with a legend.
const EMPTY = { type: "FeatureCollection", features: [] };
export const CLASS_COLORS = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
const NO_DATA = "#e2e8f0";

export function addResultLayers(map) {
  map.addSource("wb-choropleth", { type: "geojson", data: EMPTY });
  map.addLayer({ id: "wb-choropleth-fill", type: "fill", source: "wb-choropleth", paint: { "fill-color": NO_DATA, "fill-opacity": 0.75 } });
  map.addLayer({ id: "wb-choropleth-line", type: "line", source: "wb-choropleth", paint: { "line-color": "#64748b", "line-width": 0.5 } });
  map.addSource("wb-result", { type: "geojson", data: EMPTY });
  const polygonal = ["in", ["geometry-type"], ["literal", ["Polygon", "MultiPolygon"]]];
  map.addLayer({ id: "wb-result-fill", type: "fill", source: "wb-result", filter: polygonal, paint: { "fill-color": "#2563eb", "fill-opacity": 0.25 } });
  map.addLayer({ id: "wb-result-line", type: "line", source: "wb-result", filter: ["!=", ["geometry-type"], "Point"], paint: { "line-color": "#1d4ed8", "line-width": 2 } });
  map.addLayer({
    id: "wb-result-point", type: "circle", source: "wb-result", filter: ["==", ["geometry-type"], "Point"],
    paint: { "circle-radius": 6, "circle-color": "#2563eb", "circle-stroke-color": "#fff", "circle-stroke-width": 1.5 },
  });
}

function extent(features) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (typeof c[0] === "number") {
      box[0] = Math.min(box[0], c[0]); box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]); box[3] = Math.max(box[3], c[1]);
    } else c.forEach(walk);
  };
  features.forEach((f) => f.geometry && walk(f.geometry.coordinates));
  return box[0] === Infinity ? null : [[box[0], box[1]], [box[2], box[3]]];
}

export function showFeatures(map, collection) {
  map.getSource("wb-choropleth").setData(EMPTY);
  map.getSource("wb-result").setData(collection);
  const box = extent(collection.features);
  if (box) map.fitBounds(box, { padding: 60, maxZoom: 16, duration: 0 });
}

/** Class breaks: quantiles of the non-zero counts, at most five classes. */
export function breaks(values) {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (!sorted.length) return [];
  const out = [];
  for (let i = 1; i <= 4; i++) out.push(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * i) / 5))]);
  return [...new Set(out)].filter((b) => b > sorted[0]);
}

export function showChoropleth(map, collection, legend, label) {
  map.getSource("wb-result").setData(EMPTY);
  map.getSource("wb-choropleth").setData(collection);
  const cuts = breaks(collection.features.map((f) => f.properties.count));
  const color = ["step", ["get", "count"], NO_DATA, 1, CLASS_COLORS[0]];
  cuts.forEach((cut, i) => color.push(cut, CLASS_COLORS[i + 1]));
  map.setPaintProperty("wb-choropleth-fill", "fill-color", color);
  const lows = [1, ...cuts];
  const rows = [`<div><i style="background:${NO_DATA}"></i>0</div>`];
  lows.forEach((low, i) => {
    const high = i + 1 < lows.length ? lows[i + 1] - 1 : collection.max;
    rows.push(`<div><i style="background:${CLASS_COLORS[i]}"></i>${low}${high > low ? `–${high}` : ""}</div>`);
  });
  legend.innerHTML = `<strong>${label}</strong>${rows.join("")}`;
  legend.hidden = false;
  const box = extent(collection.features);
  if (box) map.fitBounds(box, { padding: 40, duration: 0 });
}
