// Drawing on a MapLibre map without a drawing library: `drawArea` collects clicked corners into a
// polygon (double-click or finish() closes it), `pickPoint` takes one click. Both resolve to WGS84
// coordinates through `toWgs84`, or null when cancelled (Escape or cancel()).
const SOURCE = "militia-draw";

function ensureLayers(map) {
  if (map.getSource(SOURCE)) return;
  map.addSource(SOURCE, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  map.addLayer({ id: `${SOURCE}-fill`, type: "fill", source: SOURCE, filter: ["==", "$type", "Polygon"],
    paint: { "fill-color": "#dc2626", "fill-opacity": 0.12 } });
  map.addLayer({ id: `${SOURCE}-line`, type: "line", source: SOURCE,
    paint: { "line-color": "#dc2626", "line-width": 2, "line-dasharray": [2, 1] } });
  map.addLayer({ id: `${SOURCE}-corner`, type: "circle", source: SOURCE, filter: ["==", "$type", "Point"],
    paint: { "circle-radius": 4, "circle-color": "#fff", "circle-stroke-color": "#dc2626", "circle-stroke-width": 2 } });
}

/** Shows `ring` (map coordinates) as the drawn shape: corners, the outline, and the fill once closed. */
export function showShape(map, ring, closed = false) {
  ensureLayers(map);
  const features = ring.map((c) => ({ type: "Feature", geometry: { type: "Point", coordinates: c }, properties: {} }));
  if (ring.length >= 2) {
    const line = closed ? [...ring, ring[0]] : ring;
    features.push({ type: "Feature", properties: {},
      geometry: closed && ring.length >= 3 ? { type: "Polygon", coordinates: [line] } : { type: "LineString", coordinates: line } });
  }
  map.getSource(SOURCE).setData({ type: "FeatureCollection", features });
}

export function clearShape(map) {
  if (map.getSource(SOURCE)) map.getSource(SOURCE).setData({ type: "FeatureCollection", features: [] });
}

function session(map, onClick, onDone) {
  const canvas = map.getCanvas();
  const cursor = canvas.style.cursor;
  canvas.style.cursor = "crosshair";
  map.getContainer().dataset.drawing = "1"; // the command map's own click handling stands aside
  const zoomOnDblclick = map.doubleClickZoom.isEnabled();
  map.doubleClickZoom.disable();
  const keys = (e) => { if (e.key === "Escape") onDone(false); };
  const stop = () => {
    map.off("click", onClick);
    map.off("dblclick", dbl);
    window.removeEventListener("keydown", keys);
    canvas.style.cursor = cursor;
    setTimeout(() => delete map.getContainer().dataset.drawing, 0); // after this click's other handlers
    if (zoomOnDblclick) setTimeout(() => map.doubleClickZoom.enable(), 0);
  };
  const dbl = (e) => { e.preventDefault(); onDone(true); };
  map.on("click", onClick);
  map.on("dblclick", dbl);
  window.addEventListener("keydown", keys);
  return stop;
}

/** Draw a polygon. Returns {promise, finish, cancel}; the promise resolves to a GeoJSON Polygon (WGS84). */
export function drawArea(map, { toWgs84 }) {
  const ring = [];
  let settle;
  const promise = new Promise((resolve) => { settle = resolve; });
  const done = (ok) => {
    stop();
    if (ok && ring.length >= 3) {
      showShape(map, ring, true);
      const wgs = ring.map((c) => toWgs84(c));
      settle({ type: "Polygon", coordinates: [[...wgs, wgs[0]]] });
    } else {
      clearShape(map);
      settle(null);
    }
  };
  const stop = session(map, (e) => {
    const c = [e.lngLat.lng, e.lngLat.lat];
    const last = ring[ring.length - 1];
    if (!last || last[0] !== c[0] || last[1] !== c[1]) ring.push(c);
    showShape(map, ring);
  }, done);
  return { promise, finish: () => done(true), cancel: () => done(false), corners: () => ring.length };
}

/** Pick one point. Returns {promise, cancel}; the promise resolves to [lon, lat] (WGS84). */
export function pickPoint(map, { toWgs84 }) {
  let settle;
  const promise = new Promise((resolve) => { settle = resolve; });
  const stop = session(map, (e) => {
    stop();
    const c = [e.lngLat.lng, e.lngLat.lat];
    showShape(map, [c]);
    settle(toWgs84(c));
  }, () => { stop(); clearShape(map); settle(null); });
  return { promise, cancel: () => { stop(); clearShape(map); settle(null); } };
}
