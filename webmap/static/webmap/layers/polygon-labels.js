// One anchor point per polygon, for labels and icons. A symbol layer on a polygon tile layer puts
// one label on every tile the polygon crosses; instead we gather each polygon's pieces from the
// loaded tiles, take the area-weighted centroid of them all (or, if that falls outside, the middle
// of the widest chord through it) and serve those points from a GeoJSON source.
const EMPTY = { type: "FeatureCollection", features: [] };

function polygonsOf(geometry) {
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  return [];
}

function ringMoments(ring) {
  let area = 0, cx = 0, cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j];
    const [x1, y1] = ring[i];
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return { area: area / 2, cx: cx / 6, cy: cy / 6 };
}

function crossings(rings, y) {
  const xs = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x0, y0] = ring[j];
      const [x1, y1] = ring[i];
      if ((y0 > y) !== (y1 > y)) xs.push(x0 + ((y - y0) * (x1 - x0)) / (y1 - y0));
    }
  }
  return xs.sort((a, b) => a - b);
}

/** A point inside the union of `polygons` (arrays of rings, lon/lat), near its centroid. */
export function anchorOf(polygons) {
  let area = 0, cx = 0, cy = 0;
  for (const rings of polygons) {
    for (const ring of rings) {
      const m = ringMoments(ring); // holes wind the other way and subtract themselves
      area += m.area; cx += m.cx; cy += m.cy;
    }
  }
  if (!area) return null;
  const centre = [cx / area, cy / area];
  let best = null;
  for (const rings of polygons) {
    const xs = crossings(rings, centre[1]);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      if (xs[i] <= centre[0] && centre[0] <= xs[i + 1]) return centre;
      if (!best || xs[i + 1] - xs[i] > best[1] - best[0]) best = [xs[i], xs[i + 1]];
    }
  }
  return best ? [(best[0] + best[1]) / 2, centre[1]] : centre;
}

/**
 * Keeps GeoJSON source `id` filled with one point per feature of `source`/`sourceLayer` (grouped
 * by property `key`, carrying the feature's properties) at zooms from `minzoom`.
 */
export function addPolygonAnchors(map, { id, source, sourceLayer, key, minzoom = 0 }) {
  map.addSource(id, { type: "geojson", data: EMPTY });
  let signature = "";
  let timer = null;

  function update() {
    let data = EMPTY;
    if (map.getZoom() >= minzoom) {
      const groups = new Map();
      const filter = ["==", ["geometry-type"], "Polygon"];
      for (const feature of map.querySourceFeatures(source, { sourceLayer, filter })) {
        const k = feature.properties[key];
        if (!groups.has(k)) groups.set(k, { properties: feature.properties, polygons: [] });
        groups.get(k).polygons.push(...polygonsOf(feature.geometry));
      }
      const features = [];
      for (const { properties, polygons } of groups.values()) {
        const point = anchorOf(polygons);
        if (point) features.push({ type: "Feature", properties, geometry: { type: "Point", coordinates: point } });
      }
      data = { type: "FeatureCollection", features };
    }
    const next = data.features.map((f) => `${f.properties[key]}@${f.geometry.coordinates.map((c) => c.toFixed(6))}`).sort().join("|");
    if (next !== signature) {
      signature = next;
      map.getSource(id).setData(data);
    }
  }

  const schedule = () => { clearTimeout(timer); timer = setTimeout(update, 120); };
  map.on("moveend", schedule);
  map.on("sourcedata", (e) => { if (e.sourceId === source && e.isSourceLoaded) schedule(); });
  schedule();
}
