// The phone's small map of the worker's own grid: opens on the grid (page config `grid.bounds`),
// draws its outline (`grid.outline`, GeoJSON WGS84) over the base map and a draggable pin for a
// report's location. Positions go in and out as WGS84 [lon, lat]; the map's datum (GCJ-02 under a
// shifted base map) stays inside. Also: the tile URLs of the grid for the service worker to keep.
import { createMap } from "../kit/basemap.js";
import { pageConfig } from "../kit/config.js";
import { addVectorSources, loadTileJSON } from "../kit/tiles.js";
import { datum } from "../datum.js";

const OUTLINE_COLOR = "#2563eb";
const WARM_ZOOMS = [13, 14, 15, 16]; // our vector tiles of the grid kept for offline use
export const TILE_LAYERS = ["grids", "places"];

/** Neighbouring grid lines and the places (部件) as dots, from our vector tiles; none offline at first. */
async function addContext(map, shift) {
  try {
    addVectorSources(map, await loadTileJSON(TILE_LAYERS), shift);
  } catch {
    return; // no tiles yet (offline before the first load): the outline is enough
  }
  map.addLayer({ id: "grid-lines", type: "line", source: "grids", "source-layer": "grids", paint: { "line-color": "#64748b", "line-width": 1, "line-dasharray": [2, 2] } });
  map.addLayer({
    id: "place-dots", type: "circle", source: "places", "source-layer": "places",
    paint: { "circle-radius": 3, "circle-color": "#475569", "circle-stroke-color": "#fff", "circle-stroke-width": 1 },
  });
}

function mapCoords(geometry, toMap) {
  const ring = (r) => r.map((p) => toMap(p));
  if (geometry.type === "Polygon") return { ...geometry, coordinates: geometry.coordinates.map(ring) };
  if (geometry.type === "MultiPolygon") return { ...geometry, coordinates: geometry.coordinates.map((poly) => poly.map(ring)) };
  return geometry;
}

/** `{map, setPin([lon, lat]), pin(), ready}` in `container`; `onPin([lon, lat])` hears every drag. */
export function createGridMap(container, { onPin = () => {} } = {}) {
  const config = pageConfig();
  const grid = config.grid;
  const d = datum(config.tileShift);
  const map = createMap(container, { bounds: grid ? d.bounds(grid.bounds) : undefined, padding: 16, scale: 60 });
  let marker = null;
  const ready = new Promise((resolve) => map.once("load", resolve)).then(async () => {
    await addContext(map, config.tileShift);
    if (grid?.outline) {
      map.addSource("own-grid", { type: "geojson", data: { type: "Feature", properties: {}, geometry: mapCoords(grid.outline, d.toMap) } });
      map.addLayer({ id: "own-grid-fill", type: "fill", source: "own-grid", paint: { "fill-color": OUTLINE_COLOR, "fill-opacity": 0.06 } });
      map.addLayer({ id: "own-grid-line", type: "line", source: "own-grid", paint: { "line-color": OUTLINE_COLOR, "line-width": 2 } });
    }
  });

  function setPin(lonLat) {
    const at = d.toMap(lonLat);
    if (!marker) {
      marker = new maplibregl.Marker({ draggable: true, color: "#ea580c" }).setLngLat(at).addTo(map);
      marker.on("dragend", () => onPin(pin()));
    } else {
      marker.setLngLat(at);
    }
    map.easeTo({ center: at, duration: 300 });
  }

  function pin() {
    if (!marker) return null;
    const p = marker.getLngLat();
    return d.toWgs84([p.lng, p.lat]);
  }

  return { map, setPin, pin, ready };
}

function tileXY(lon, lat, z) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

/** Our tile URLs of `layers` over the grid's bounds ([w, s, e, n], WGS84) at WARM_ZOOMS. */
export function gridTileUrls(bounds, layers, shift = "") {
  const query = shift ? `?shift=${encodeURIComponent(shift)}` : "";
  const urls = [];
  for (const z of WARM_ZOOMS) {
    const [x0, y0] = tileXY(bounds[0], bounds[3], z);
    const [x1, y1] = tileXY(bounds[2], bounds[1], z);
    for (let x = x0; x <= x1; x += 1) {
      for (let y = y0; y <= y1; y += 1) {
        for (const layer of layers) urls.push(`/tiles/${layer}/${z}/${x}/${y}.pbf${query}`);
      }
    }
  }
  return urls;
}
