// Our vector-tile sources, from the TileJSON of each layer (`/tiles/{layer}.json`): its bounds are
// already cut to the user's jurisdiction, so they also give the map's first view.
import { getJSON } from "./dom.js";

// Tiles are requested up to this zoom and over-zoomed beyond it: at z16 a tile unit is ~15 cm.
const MAX_TILE_ZOOM = 16;
// Bounds limit which tiles are asked for; the margin (degrees) covers a GCJ-02 shift of ~500 m.
const BOUNDS_MARGIN = 0.01;

export async function loadTileJSON(names) {
  const entries = await Promise.all(names.map(async (name) => [name, await getJSON(`/tiles/${name}.json`)]));
  return Object.fromEntries(entries);
}

/** Adds one vector source per TileJSON; `shift` ("" or "gcj02") asks the server to shift tiles. */
export function addVectorSources(map, tilejsons, shift) {
  const query = shift ? `?shift=${encodeURIComponent(shift)}` : "";
  for (const [name, tj] of Object.entries(tilejsons)) {
    map.addSource(name, {
      type: "vector",
      tiles: [`${window.location.origin}/tiles/${name}/{z}/{x}/{y}.pbf${query}`],
      minzoom: tj.minzoom,
      maxzoom: Math.max(tj.minzoom, Math.min(tj.maxzoom, MAX_TILE_ZOOM)),
      bounds: [
        tj.bounds[0] - BOUNDS_MARGIN, tj.bounds[1] - BOUNDS_MARGIN,
        tj.bounds[2] + BOUNDS_MARGIN, tj.bounds[3] + BOUNDS_MARGIN,
      ],
    });
  }
}

/** Reload our vector tiles after the layers changed (a grid adjustment): a new query string skips
 * every cache, the browser's and the tile ETags alike. */
export function reloadTiles(map, names) {
  const stamp = Date.now();
  for (const name of names) {
    const source = map.getSource(name);
    if (!source?.tiles) continue;
    source.setTiles(source.tiles.map((url) => {
      const u = new URL(url);
      u.searchParams.set("v", stamp);
      return decodeURI(u.toString());
    }));
  }
}
