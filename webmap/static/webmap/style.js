// The base style: a plain background, and the configured base map (if any) as raster tiles under
// our layers. No glyphs or sprite URL: text is drawn from local fonts and icons on a canvas.
import { COLORS } from "./theme.js";

export function baseStyle(basemap) {
  const style = {
    version: 8,
    sources: {},
    layers: [{ id: "background", type: "background", paint: { "background-color": COLORS.background } }],
  };
  if (basemap.tiles.length) {
    style.sources.basemap = {
      type: "raster", tiles: basemap.tiles, tileSize: 256, maxzoom: 18,
      attribution: basemap.attribution || undefined,
    };
    style.layers.push({ id: "basemap", type: "raster", source: "basemap" });
  }
  return style;
}
