// The command map: builds the map from the page's config and our TileJSON, adds the layer modules,
// the live layers (workers, check-ins, heat, events) and wires the panels (layers, details,
// overview, nearby forces). Everything it loads comes from
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
import * as eventLayer from "./layers/events.js";
import { createMapEvents } from "./live/events.js";
import { createLive } from "./live/live.js";
import * as workers from "./live/workers.js";
import { CoordinatesControl } from "./panels/coords.js";
import { enableHover } from "./panels/hover.js";
import { createInfoPanel } from "./panels/info.js";
import { createLayerPanel } from "./panels/layers.js";
import { createNearby } from "./panels/nearby.js";
import { createOverview } from "./panels/overview.js";
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
  const infoBody = document.getElementById("info-body");
  let events = null;
  let overview = null;
  const live = createLive(map, {
    coords, parent: document.querySelector(".command-map"), infoBody, fit: fitMapBounds,
    onFrame(frame) {
      if (frame.type === "event") events?.receive(frame);
      else if (frame.type === "events" && frame.snapshot && live.state.connects > 1) events?.reload(); // steps missed while down
      if (frame.type === "overview") overview?.changed();
    },
    onOpenEvent: (frame) => selectEvent(frame.id),
  });

  let layerPanel = null;
  events = createMapEvents(map, {
    config, coords, tilejsons, infoBody,
    showCard: () => sheets.open("info-panel"),
    onClose: () => sheets.close("info-panel"),
    onCounts(total, byStatus) {
      layerPanel?.setCount("events", total);
      for (const { value } of config.statuses) layerPanel?.setCount(`events:${value}`, byStatus[value] ?? 0);
    },
  });
  layerPanel = createLayerPanel(map, document.getElementById("layer-list"), {
    groups: [...eventLayer.toggles, ...workers.toggles, ...checkins.toggles, ...heat.toggles,
      ...areas.toggles, ...grids.toggles, ...microgrids.toggles, ...places.toggles, ...registryToggles],
    placeKinds: config.placeKinds, gridKinds: config.gridKinds, showPlaceKinds: places.showPlaceKinds,
    counts: config.counts,
    minzooms: Object.fromEntries(Object.entries(tilejsons).map(([name, tj]) => [name, tj.minzoom])),
    onToggle: (key, on) => live.setLayer(key, on),
  });
  live.bindPanel(layerPanel);
  document.querySelector('#layer-list .layer-group[data-group="events"]').append(events.filterForm);
  expose("events", events);
  const nearby = createNearby(map, {
    toMap: coords.toMap, toWgs84: coords.toWgs84, body: infoBody, events,
    showPanel: () => { live.deselect(); highlight(map, null); pinPoint(map, null); sheets.open("info-panel"); },
    isBusy: () => Boolean(container.dataset.drawing),
  });
  live.start();
  events.reload();

  function clearSelection() {
    live.deselect();
    events.deselect();
    nearby.hide();
  }

  function selectEvent(id, { fly = false } = {}) {
    live.deselect();
    nearby.hide();
    highlight(map, null);
    pinPoint(map, null);
    events.select(id, { fly });
  }

  function select(entity, { point, bbox } = {}) {
    clearSelection();
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
    clearSelection();
    highlight(map, null);
    pinPoint(map, coords.toMap(point));
    sheets.open("info-panel");
    if (fly) {
      map.flyTo({ center: coords.toMap(point), zoom: Math.max(map.getZoom(), 15), padding: coveredPadding(container) });
    }
    const finest = await info.showLocation(point);
    if (finest) highlight(map, { type: finest.level, code: finest.code });
  }

  const info = createInfoPanel(infoBody, {
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
    events.deselect();
    nearby.hide();
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
    else if (entity?.type === "event-cluster") events.layer.expandCluster(entity.id, entity.lngLat);
    else if (entity?.type === "event") selectEvent(entity.id);
    else if (entity?.type === "worker") selectWorker(entity.id);
    else if (entity) select(entity, { point });
    else locate(point);
  });
  // Closing the details panel ends a worker's or event's selection, a replay and a nearby scan.
  sheets.onChange(() => { if (!document.getElementById("info-panel").classList.contains("open")) clearSelection(); });
  const flyToPoint = (point) => map.flyTo({
    center: coords.toMap(point), zoom: Math.max(map.getZoom(), 16), padding: coveredPadding(container),
  });
  overview = createOverview(document.getElementById("overview-body"), {
    onEvent: (id) => selectEvent(id, { fly: true }),
    onPlace: (point) => { if (Number.isFinite(point[0])) flyToPoint(point); },
    onArea: (code) => flyToCode(code),
  });
  overview.load();
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
