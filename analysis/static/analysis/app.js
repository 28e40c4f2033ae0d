// The analysts' workbench: choose a layer and filters, pick an area or draw a polygon, a circle
// or a point, then list and highlight the matches, or aggregate them into a choropleth with a
// chart; export any result and save queries by name. Everything goes through /api/v1/query/…,
// which cuts it to the jurisdiction. Over a GCJ-02 base map, queries are sent and answered in
// GCJ-02 (the server converts), so drawn shapes and results share the map's datum.
import { datum } from "../webmap/datum.js";
import { createOverviewMap } from "../webmap/kit/basemap.js";
import { pageConfig } from "../webmap/kit/config.js";
import { el, getJSON } from "../webmap/kit/dom.js";
import { expose } from "../webmap/kit/hooks.js";
import { gettext } from "../webmap/kit/i18n.js";
import { loadTileJSON } from "../webmap/kit/tiles.js";
import { hideChart, showChart } from "./chart.js";
import { createDrawing } from "./draw.js";
import { currentLayer, fillStatic, readParams, showFilters, writeParams } from "./form.js";
import { addResultLayers, showChoropleth, showFeatures } from "./results.js";
import { listSaved, saveQuery } from "./saved.js";

const config = pageConfig();
const coords = datum(config.tileShift);
const $ = (id) => document.getElementById(id);
const state = { map: null, drawing: null, last: null };
expose("workbench", state);

function query(operation, params) {
  return new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== "")).toString();
}

function shapeHint(shape) {
  $("wb-finish").hidden = shape !== "polygon";
  $("wb-hint").textContent = { polygon: gettext("在地图上依次点击多边形顶点，双击或点“完成绘制”结束"), circle: gettext("在地图上点击圆心"), nearest: gettext("在地图上点击查询点") }[shape] || "";
}

function fail(error) {
  $("wb-error").textContent = error.message || String(error);
  $("wb-count").textContent = "";
}

function listFeatures(collection) {
  const layer = currentLayer(config);
  const label = (p) => p.name || p.title || p.code || p.user || p.id;
  $("wb-list").replaceChildren(
    ...collection.features.map((f) => {
      const distance = f.properties.distance_m !== undefined ? ` · ${f.properties.distance_m} m` : "";
      const item = el("li", { dataset: { id: f.id } }, `${label(f.properties)}${distance}`);
      item.addEventListener("click", () => {
        const at = f.geometry.type === "Point" ? f.geometry.coordinates : null;
        if (at) state.map.flyTo({ center: at, zoom: Math.max(state.map.getZoom(), 15) });
      });
      return item;
    }),
  );
  if (!collection.features.length) $("wb-list").replaceChildren(el("li", "", gettext("没有结果")));
  return layer;
}

async function run(operation, params) {
  $("wb-error").textContent = "";
  $("wb-count").textContent = gettext("查询中…");
  const needsShape = { polygon: "geometry", circle: "lon", nearest: "lon" }[readParams(state.drawing.state, coords.crs).shape];
  if (needsShape && !params[needsShape] && !params.area) throw new Error(gettext("请先在地图上绘制"));
  const body = await getJSON(`/api/v1/query/${operation}?${query(operation, params)}`);
  state.last = { operation, params, body };
  if (operation === "aggregate") {
    hideChart($("wb-chart"));
    $("wb-list").replaceChildren();
    $("wb-count").textContent = gettext("合计 {n}", { n: body.total });
    showChoropleth(state.map, body, $("wb-legend"), `${body.by} · ${gettext("数量")}`);
    showChart($("wb-chart"), body, gettext("数量"));
  } else {
    hideChart($("wb-chart"));
    $("wb-legend").hidden = true;
    const matched = body.numberMatched ?? body.numberReturned;
    $("wb-count").textContent = gettext("共 {n} 条，显示 {shown} 条", { n: matched, shown: body.numberReturned });
    showFeatures(state.map, body);
    listFeatures(body);
  }
  document.body.dataset.result = operation;
}

function current(aggregate = false) {
  const { operation, params } = readParams(state.drawing.state, coords.crs);
  if (!aggregate) return { operation, params: { ...params, limit: 1000 } };
  const clip = { ...params, by: $("wb-by").value };
  delete clip.lon; delete clip.lat; delete clip.radius_m; delete clip.k;
  return { operation: "aggregate", params: clip };
}

async function start() {
  fillStatic(config);
  showFilters(config);
  const tilejsons = await loadTileJSON(["areas", "grids"]);
  state.map = await createOverviewMap($("wb-map"), { tilejsons, coords, bounds: coords.bounds(tilejsons.areas.bounds) });
  expose("map", state.map);
  addResultLayers(state.map);
  state.drawing = createDrawing(state.map, { onChange: () => {} });
  $("wb-layer").addEventListener("change", () => showFilters(config));
  for (const radio of document.querySelectorAll("input[name=shape]")) {
    radio.addEventListener("change", () => {
      state.drawing.setMode(radio.value);
      shapeHint(radio.value);
    });
  }
  $("wb-radius").addEventListener("input", () => state.drawing.setRadius(Number($("wb-radius").value) || 0));
  $("wb-finish").addEventListener("click", () => state.drawing.finish());
  $("wb-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const { operation, params } = current();
    run(operation, params).catch(fail);
  });
  $("wb-aggregate").addEventListener("click", () => {
    const { operation, params } = current(true);
    run(operation, params).catch(fail);
  });
  $("wb-export").addEventListener("click", () => {
    const { operation, params } = state.last || current();
    const exported = { ...params, format: $("wb-format").value, crs: $("wb-crs").value };
    delete exported.limit;
    window.location.href = `/api/v1/query/${operation}?${query(operation, exported)}`;
  });
  const refresh = () =>
    listSaved($("wb-saved"), {
      onRun: (saved) => {
        writeParams(config, saved.operation, saved.params);
        run(saved.operation, saved.params).catch(fail);
      },
    }).catch(fail);
  $("wb-save").addEventListener("click", async () => {
    const name = $("wb-name").value.trim();
    if (!name) return;
    const { operation, params } = state.last || current();
    try {
      await saveQuery(name, operation, params);
      $("wb-hint").textContent = gettext("已保存");
      refresh();
    } catch (error) {
      fail(error);
    }
  });
  refresh();
  document.body.dataset.ready = "true";
}

start().catch(fail);
