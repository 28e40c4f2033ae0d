// The adjustment's preview on the map: shapes before (red, dashed) and after (green), the
// selection (blue) and the as-of layer (grey), each a GeoJSON source of its own.
const EMPTY = { type: "FeatureCollection", features: [] };

function mapGeometry(geometry, toMap) {
  const walk = (c) => (typeof c[0] === "number" ? toMap(c) : c.map(walk));
  return { type: geometry.type, coordinates: walk(geometry.coordinates) };
}

export function addPreviewLayers(map) {
  for (const id of ["adjust-preview", "adjust-selection", "adjust-asof"]) {
    if (!map.getSource(id)) map.addSource(id, { type: "geojson", data: EMPTY });
  }
  map.addLayer({ id: "adjust-asof-line", type: "line", source: "adjust-asof",
    paint: { "line-color": "#475569", "line-width": 2, "line-dasharray": [3, 2] } });
  map.addLayer({ id: "adjust-selection-fill", type: "fill", source: "adjust-selection",
    paint: { "fill-color": "#2563eb", "fill-opacity": 0.25 } });
  map.addLayer({ id: "adjust-after-fill", type: "fill", source: "adjust-preview", filter: ["==", ["get", "side"], "after"],
    paint: { "fill-color": "#16a34a", "fill-opacity": 0.3 } });
  map.addLayer({ id: "adjust-after-line", type: "line", source: "adjust-preview", filter: ["==", ["get", "side"], "after"],
    paint: { "line-color": "#15803d", "line-width": 2 } });
  map.addLayer({ id: "adjust-before-line", type: "line", source: "adjust-preview", filter: ["==", ["get", "side"], "before"],
    paint: { "line-color": "#dc2626", "line-width": 2, "line-dasharray": [2, 1] } });
}

export function showFeatures(map, source, features, toMap) {
  const data = { type: "FeatureCollection",
    features: features.map((f) => ({ ...f, geometry: mapGeometry(f.geometry, toMap) })) };
  map.getSource(source).setData(data);
}
