// Drawing on the workbench map: a polygon (click the vertices, double-click or "finish"), or a
// point (the centre of a circle, or the point of a nearest query). Coordinates are map coordinates.
const EMPTY = { type: "FeatureCollection", features: [] };
const METRES_PER_DEGREE = 111320;

export function circlePolygon([lon, lat], radius, steps = 64) {
  const ring = [];
  for (let i = 0; i <= steps; i++) {
    const a = (2 * Math.PI * i) / steps;
    ring.push([
      lon + (radius * Math.cos(a)) / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180)),
      lat + (radius * Math.sin(a)) / METRES_PER_DEGREE,
    ]);
  }
  return { type: "Polygon", coordinates: [ring] };
}

export function createDrawing(map, { onChange }) {
  const state = { mode: "all", vertices: [], polygon: null, centre: null, radius: 500 };
  map.addSource("wb-draw", { type: "geojson", data: EMPTY });
  map.addLayer({ id: "wb-draw-fill", type: "fill", source: "wb-draw", filter: ["==", ["geometry-type"], "Polygon"], paint: { "fill-color": "#f59e0b", "fill-opacity": 0.12 } });
  map.addLayer({ id: "wb-draw-line", type: "line", source: "wb-draw", paint: { "line-color": "#d97706", "line-width": 2, "line-dasharray": [2, 1] } });
  map.addLayer({ id: "wb-draw-point", type: "circle", source: "wb-draw", filter: ["==", ["geometry-type"], "Point"], paint: { "circle-radius": 4, "circle-color": "#d97706" } });

  function render() {
    const features = [];
    if (state.mode === "polygon") {
      const ring = state.polygon ? state.polygon.coordinates[0] : state.vertices;
      if (ring.length > 1) features.push({ type: "Feature", geometry: { type: "LineString", coordinates: state.polygon ? ring : ring } });
      if (state.polygon) features.push({ type: "Feature", geometry: state.polygon });
      for (const v of state.vertices) features.push({ type: "Feature", geometry: { type: "Point", coordinates: v } });
    }
    if ((state.mode === "circle" || state.mode === "nearest") && state.centre) {
      features.push({ type: "Feature", geometry: { type: "Point", coordinates: state.centre } });
      if (state.mode === "circle") features.push({ type: "Feature", geometry: circlePolygon(state.centre, state.radius) });
    }
    map.getSource("wb-draw").setData({ type: "FeatureCollection", features });
    onChange(state);
  }

  map.on("click", (e) => {
    const at = [e.lngLat.lng, e.lngLat.lat];
    if (state.mode === "polygon" && !state.polygon) state.vertices.push(at);
    else if (state.mode === "circle" || state.mode === "nearest") state.centre = at;
    else return;
    render();
  });
  map.on("dblclick", (e) => {
    if (state.mode !== "polygon" || state.polygon) return;
    e.preventDefault();
    finish();
  });

  function finish() {
    // A double-click also lands two clicks on the same spot: drop repeated vertices.
    const ring = state.vertices.filter((v, i, all) => i === 0 || v[0] !== all[i - 1][0] || v[1] !== all[i - 1][1]);
    if (ring.length < 3) return false;
    state.polygon = { type: "Polygon", coordinates: [[...ring, ring[0]]] };
    render();
    return true;
  }

  return {
    state,
    finish,
    setMode(mode) {
      Object.assign(state, { mode, vertices: [], polygon: null, centre: mode === state.mode ? state.centre : null });
      map.doubleClickZoom[mode === "polygon" ? "disable" : "enable"]();
      map.getCanvas().style.cursor = ["polygon", "circle", "nearest"].includes(mode) ? "crosshair" : "";
      render();
    },
    setRadius(radius) {
      state.radius = radius;
      render();
    },
  };
}
