// The quiet base under the event maps: a plain background (or the configured base map), street
// tints, community, grid and district boundaries from our vector tiles (`areas`, `grids`), and one
// label per street. Shared by the main event map and the dispatch dialog's mini map.
import { createMap, hasBasemap } from "../kit/basemap.js";
import { addVectorSources } from "../sources.js";
import { COLORS, FONT_BOLD, STREET_TINTS } from "../theme.js";

const level = (value) => ["==", ["get", "level"], value];
const streetTint = [
  "match", ["%", ["to-number", ["slice", ["get", "code"], 6, 9], 0], STREET_TINTS.length],
  ...STREET_TINTS.flatMap((color, i) => [i, color]), STREET_TINTS[0],
];

/** A map in `container` showing `bounds` ([[w, s], [e, n]] in map coordinates), once loaded. */
export async function createBaseMap(container, { config, tilejsons, coords, bounds, padding = 20, compact = false }) {
  const map = createMap(container, { bounds, padding, scale: compact ? 0 : 100 });
  await map.once("load");
  addVectorSources(map, tilejsons, config.tileShift);
  addBaseLayers(map, { labels: config.streetLabels, toMap: coords.toMap, basemap: hasBasemap() });
  return map;
}

function addBaseLayers(map, { labels, toMap, basemap }) {
  const areas = { source: "areas", "source-layer": "areas" };
  const grids = { source: "grids", "source-layer": "grids" };
  map.addLayer({
    id: "ev-street-fill", type: "fill", ...areas, filter: level("street"),
    paint: { "fill-color": streetTint, "fill-opacity": ["interpolate", ["linear"], ["zoom"], 10, basemap ? 0.12 : 0.3, 15, basemap ? 0.04 : 0.1] },
  });
  map.addLayer({
    id: "ev-grid-line", type: "line", ...grids,
    layout: { "line-join": "round" },
    paint: {
      "line-color": ["match", ["get", "kind"], "dedicated", COLORS.dedicated, COLORS.grid],
      "line-width": ["interpolate", ["linear"], ["zoom"], 11, 0.4, 14, 1, 17, 1.8],
      "line-opacity": ["interpolate", ["linear"], ["zoom"], 11, 0.25, 14, 0.7],
    },
  });
  map.addLayer({
    id: "ev-community-line", type: "line", ...areas, filter: level("community"), minzoom: 11,
    layout: { "line-join": "round" },
    paint: { "line-color": COLORS.community, "line-width": 1, "line-dasharray": [3, 2], "line-opacity": 0.7 },
  });
  map.addLayer({
    id: "ev-street-line", type: "line", ...areas, filter: level("street"),
    layout: { "line-join": "round" },
    paint: { "line-color": COLORS.street, "line-width": ["interpolate", ["linear"], ["zoom"], 9, 1, 14, 2.2], "line-opacity": 0.8 },
  });
  map.addLayer({
    id: "ev-district-line", type: "line", ...areas, filter: level("district"),
    layout: { "line-join": "round" },
    paint: { "line-color": COLORS.district, "line-width": ["interpolate", ["linear"], ["zoom"], 9, 1.8, 15, 3] },
  });
  map.addSource("ev-street-labels", {
    type: "geojson",
    data: {
      type: "FeatureCollection",
      features: labels.map((a) => ({
        type: "Feature", properties: { name: a.name }, geometry: { type: "Point", coordinates: toMap([a.lon, a.lat]) },
      })),
    },
  });
  map.addLayer({
    id: "ev-street-label", type: "symbol", source: "ev-street-labels", maxzoom: 14,
    layout: {
      "text-field": ["get", "name"], "text-font": FONT_BOLD, "text-letter-spacing": 0.08, "text-max-width": 7,
      "text-size": ["interpolate", ["linear"], ["zoom"], 9, 12, 13, 15],
    },
    paint: { "text-color": "rgba(10, 35, 66, 0.72)", "text-halo-color": COLORS.halo, "text-halo-width": 1.6 },
  });
}
