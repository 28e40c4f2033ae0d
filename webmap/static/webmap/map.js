// The command map: builds the map from the page's config and our TileJSON, adds the layer modules,
// the live layers (workers, check-ins, heat) and wires the panels. Everything it loads comes from
// this server (no CDN, glyphs or sprites).
import { datum } from "./datum.js";
import { createMap, hasBasemap } from "./kit/basemap.js";
import { pageConfig } from "./kit/config.js";
import { getJSON } from "./kit/dom.js";
import { expose } from "./kit/hooks.js";
import * as areas from "./layers/areas.js";
import * as buildings from "./layers/buildings.js";
import * as grids from "./layers/grids.js";
import * as heat from "./layers/heat.js";
import { addHighlightLayers, highlight, pinPoint } from "./layers/highlight.js";
import * as microgrids from "./layers/microgrids.js";
import * as places from "./layers/places.js";
import * as population from "./layers/population.js";
import { addSlots } from "./layers/slots.js";
import * as special from "./layers/special.js";
import * as checkins from "./live/checkins.js";
import { createLive } from "./live/live.js";
import * as workers from "./live/workers.js";
import { CoordinatesControl } from "./panels/coords.js";
import { enableHover } from "./panels/hover.js";
import { createInfoPanel } from "./panels/info.js";
import { createLayerPanel } from "./panels/layers.js";
import { createSearch } from "./panels/search.js";
import { coveredPadding, createSheets } from "./panels/sheets.js";
import { pick } from "./pick.js";
import { addVectorSources, loadTileJSON } from "./kit/tiles.js";

const config = pageConfig();
const coords = datum(config.tileShift);
const FIT = { maxZoom: 17, duration: 900 };

async function start() {
  const registry = config.features.registry ? { specialGroups: config.features.specialGroups } : null;
  const tilejsons = await loadTileJSON([
    "areas", "grids", "microgrids", "places", "heat",
    ...(registry ? ["buildings"] : []), ...(registry?.specialGroups ? ["special_groups"] : []),
  ]);
  const gridCounts = registry ? getJSON("/api/v1/registry/counts?by=grid").then((r) => r.results) : Promise.resolve([]);
  const container = document.getElementById("map");
  const sheets = createSheets();
  const map = createMap(container, {
    bounds: coords.bounds(tilejsons.areas.bounds), padding: coveredPadding(container), scale: 120,
  });
  expose("map", map);
  map.addControl(new maplibregl.FullscreenControl({ container: document.querySelector(".command-map") }), "bottom-right");
  map.addControl(new CoordinatesControl(coords.toWgs84), "bottom-right");
  await map.once("load");

  addVectorSources(map, tilejsons, config.tileShift);
  addSlots(map);
  const basemap = hasBasemap();
  areas.addAreaLayers(map, { labels: config.areaLabels, toMap: coords.toMap, basemap });
  microgrids.addMicroGridLayers(map);
  grids.addGridLayers(map);
  places.addPlaceLayers(map, config.placeKinds.map((k) => k.value));
  heat.addHeatLayers(map);
  const registryToggles = [];
  if (registry) {
    buildings.addBuildingLayers(map);
    population.addPopulationLayers(map, await gridCounts);
    registryToggles.push(...population.toggles, ...buildings.toggles);
  }
  if (registry?.specialGroups) {
    special.addSpecialGroupLayers(map);
    registryToggles.push(...special.toggles);
  }
  addHighlightLayers(map);

  const fitMapBounds = (bounds) => map.fitBounds(bounds, { ...FIT, padding: coveredPadding(container) });
  const fit = (bbox) => fitMapBounds(coords.bounds(bbox));
  const live = createLive(map, { coords, parent: document.querySelector(".command-map"), infoBody: document.getElementById("info-body"), fit: fitMapBounds });

  const layerPanel = createLayerPanel(map, document.getElementById("layer-list"), {
    groups: [...workers.toggles, ...checkins.toggles, ...heat.toggles,
      ...areas.toggles, ...grids.toggles, ...microgrids.toggles, ...places.toggles, ...registryToggles],
    placeKinds: config.placeKinds, gridKinds: config.gridKinds, showPlaceKinds: places.showPlaceKinds,
    counts: config.counts,
    minzooms: Object.fromEntries(Object.entries(tilejsons).map(([name, tj]) => [name, tj.minzoom])),
    onToggle: (key, on) => live.setLayer(key, on),
  });
  live.bindPanel(layerPanel);
  live.start();

  function select(entity, { point, bbox } = {}) {
    live.deselect();
    pinPoint(map, null);
    highlight(map, entity);
    info.showEntity(entity, { point });
    sheets.open("info-panel");
    if (bbox) fit(bbox);
  }

  async function flyToCode(code) {
    const { results } = await getJSON(`/api/v1/search?${new URLSearchParams({ q: code, limit: 1 })}`);
    const found = results.find((r) => r.code === code);
    if (found) select(found, { bbox: found.bbox });
  }

  async function locate(point, { fly = false } = {}) {
    live.deselect();
    highlight(map, null);
    pinPoint(map, coords.toMap(point));
    sheets.open("info-panel");
    if (fly) {
      map.flyTo({ center: coords.toMap(point), zoom: Math.max(map.getZoom(), 15), padding: coveredPadding(container) });
    }
    const finest = await info.showLocation(point);
    if (finest) highlight(map, { type: finest.level, code: finest.code });
  }

  const info = createInfoPanel(document.getElementById("info-body"), {
    placeKinds: config.placeKinds, gridKinds: config.gridKinds,
    onFly: (code) => flyToCode(code), onLocate: (point) => locate(point),
  });

  createSearch({
    input: document.getElementById("search-input"),
    form: document.getElementById("search-form"),
    list: document.getElementById("search-results"),
    onSelect: (result) => select(result, { bbox: result.bbox }),
    onLocate: (point) => locate(point, { fly: true }),
  });

  function selectWorker(id) {
    highlight(map, null);
    pinPoint(map, null);
    live.showWorker(id);
    sheets.open("info-panel");
  }

  map.on("click", (e) => {
    if (container.dataset.drawing) return; // the emergency panel is drawing an area or picking a point
    const entity = pick(map, e.point);
    const point = coords.toWgs84([e.lngLat.lng, e.lngLat.lat]);
    if (entity?.type === "cluster") live.expandCluster(entity.id, entity.lngLat);
    else if (entity?.type === "worker") selectWorker(entity.id);
    else if (entity) select(entity, { point });
    else locate(point);
  });
  // Closing the details panel ends a worker's selection and replay.
  sheets.onChange(() => { if (!document.getElementById("info-panel").classList.contains("open")) live.deselect(); });
  enableHover(map, { placeKinds: config.placeKinds });
  if (config.features.commander) {
    const { createEmergencyPanel, emergencyPanelMarkup } = await import("./militia/emergency.js");
    const { panel, toggle } = emergencyPanelMarkup();
    document.querySelector(".command-map").append(panel, toggle);
    createEmergencyPanel(map, { coords, root: panel });
  }
  if (config.features.adjust) {
    const { adjustPanelMarkup, createAdjustPanel } = await import("./adjust/panel.js");
    const { panel, toggle } = adjustPanelMarkup();
    document.querySelector(".command-map").append(panel, toggle);
    createAdjustPanel(map, { coords, root: panel, toggle });
  }
}

start().catch((error) => {
  const message = document.createElement("p");
  message.className = "map-error";
  message.textContent = error.message;
  document.querySelector(".command-map").append(message);
  throw error;
});
