// The one base-map builder: a MapLibre map on the configured base map (page config `basemap`:
// XYZ tiles, CRS, attribution; none → a plain background), flat (no pitch or rotation), with our
// controls. Everything comes from this server: no glyphs or sprite URL, text from local fonts.
import { COLORS, LOCAL_IDEOGRAPH_FONT } from "../theme.js";
import { pageConfig } from "./config.js";

/** The base style: a plain background, and the base map (if any) as raster tiles under our layers. */
export function baseStyle(basemap = pageConfig().basemap) {
  const style = {
    version: 8,
    sources: {},
    layers: [{ id: "background", type: "background", paint: { "background-color": COLORS.background } }],
  };
  if (basemap?.tiles.length) {
    style.sources.basemap = {
      type: "raster", tiles: basemap.tiles, tileSize: 256, maxzoom: 18,
      attribution: basemap.attribution || undefined,
    };
    style.layers.push({ id: "basemap", type: "raster", source: "basemap" });
  }
  return style;
}

/** Whether a base map is configured (layers draw lighter over one). */
export function hasBasemap() {
  return Boolean(pageConfig().basemap?.tiles.length);
}

/**
 * A map in `container` showing `bounds` ([[w, s], [e, n]] in map coordinates) or `center`/`zoom`.
 * `scale` is the scale bar's width (0: none), `padding` the fit padding; `options` go to MapLibre.
 * Returns the map at once: await `map.once("load")` before adding sources.
 */
export function createMap(container, { bounds, padding = 20, scale = 100, navigation = true, options = {} } = {}) {
  const map = new maplibregl.Map({
    container,
    style: baseStyle(),
    ...(bounds ? { bounds, fitBoundsOptions: { padding } } : {}),
    localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT,
    attributionControl: hasBasemap() ? { compact: true } : false,
    maxPitch: 0,
    dragRotate: false,
    touchPitch: false,
    ...options,
  });
  map.touchZoomRotate.disableRotation();
  if (navigation) map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "bottom-right");
  if (scale) map.addControl(new maplibregl.ScaleControl({ unit: "metric", maxWidth: scale }), "bottom-left");
  return map;
}
