// The one base-map builder: a MapLibre map on the configured base map (page config `basemap`:
// XYZ tiles, CRS, attribution; none → a plain background), flat (no pitch or rotation), with our
// controls; and the quiet overview the event, militia and workbench maps share. Everything comes
// from this server: no glyphs or sprite URL, text from local fonts.
import { COLORS, FONT_BOLD, LOCAL_IDEOGRAPH_FONT, STREET_TINTS } from "../theme.js";
import { pageConfig } from "./config.js";
import { gettext } from "./i18n.js";
import { addVectorSources } from "./tiles.js";

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
/** MapLibre's own strings (its controls' titles) in the page's language. */
export function mapLocale() {
  return {
    "AttributionControl.ToggleAttribution": gettext("显示或隐藏版权信息"),
    "AttributionControl.MapFeedback": gettext("地图反馈"),
    "FullscreenControl.Enter": gettext("全屏"),
    "FullscreenControl.Exit": gettext("退出全屏"),
    "GeolocateControl.FindMyLocation": gettext("定位到我的位置"),
    "GeolocateControl.LocationNotAvailable": gettext("无法获取位置"),
    "LogoControl.Title": gettext("MapLibre 标志"),
    "Map.Title": gettext("地图"),
    "Marker.Title": gettext("地图标记"),
    "NavigationControl.ResetBearing": gettext("指北"),
    "NavigationControl.ZoomIn": gettext("放大"),
    "NavigationControl.ZoomOut": gettext("缩小"),
    "Popup.Close": gettext("关闭弹窗"),
    "ScrollZoomBlocker.CtrlMessage": gettext("按住 Ctrl 键并滚动以缩放地图"),
    "ScrollZoomBlocker.CmdMessage": gettext("按住 ⌘ 键并滚动以缩放地图"),
    "TouchPanBlocker.Message": gettext("请用两根手指移动地图"),
  };
}

export function createMap(container, { bounds, padding = 20, scale = 100, navigation = true, options = {} } = {}) {
  const map = new maplibregl.Map({
    container,
    style: baseStyle(),
    locale: mapLocale(),
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

const level = (value) => ["==", ["get", "level"], value];
const streetTint = [
  "match", ["%", ["to-number", ["slice", ["get", "code"], 6, 9], 0], STREET_TINTS.length],
  ...STREET_TINTS.flatMap((color, i) => [i, color]), STREET_TINTS[0],
];

/**
 * The quiet overview under the event, militia and workbench maps, once loaded: street tints,
 * community, grid and district boundaries from our vector tiles (`areas`, `grids` in `tilejsons`)
 * and one label per street (the page config's `streetLabels`). `bounds` in map coordinates.
 */
export async function createOverviewMap(container, { tilejsons, coords, bounds, padding = 20, compact = false }) {
  const config = pageConfig();
  const map = createMap(container, { bounds, padding, scale: compact ? 0 : 100 });
  await map.once("load");
  addVectorSources(map, tilejsons, config.tileShift);
  addOverviewLayers(map, { labels: config.streetLabels ?? [], toMap: coords.toMap, basemap: hasBasemap() });
  return map;
}

function addOverviewLayers(map, { labels, toMap, basemap }) {
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
