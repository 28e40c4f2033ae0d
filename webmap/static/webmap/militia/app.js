// The militia page: companies and resources on the map (our vector tiles), stock of one kind per
// warehouse, and tabs for units (with the Excel import), members (on call or not), a warehouse's
// stock and movements, tasks (the district approves or refuses) and plans (online/offline).
// `window.wangge.militia` exposes the map and state for tests.
import { datum } from "../datum.js";
import { createOverviewMap } from "../kit/basemap.js";
import { pageConfig } from "../kit/config.js";
import { button, el, getJSON, postJSON, sendJSON } from "../kit/dom.js";
import { expose } from "../kit/hooks.js";
import { gettext } from "../kit/i18n.js";
import { loadTileJSON } from "../kit/tiles.js";
import { KIND_COLORS } from "./forces.js";

const config = pageConfig();
const coords = datum(config.tileShift);
const label = (list, value) => list.find((c) => c.value === value)?.label ?? value;
const $ = (id) => document.getElementById(id);
const state = { company: null, warehouse: null };

function showTab(name) {
  for (const b of document.querySelectorAll(".mi-tabs button")) b.setAttribute("aria-selected", String(b.dataset.tab === name));
  for (const s of document.querySelectorAll(".mi-tab")) s.hidden = s.id !== `tab-${name}`;
}
document.querySelector(".mi-tabs").addEventListener("click", (e) => { if (e.target.dataset.tab) showTab(e.target.dataset.tab); });

function rows(table, items) { $(table).querySelector("tbody").replaceChildren(...items); }
function tr(...cells) {
  const row = el("tr");
  for (const c of cells) { const td = el("td"); td.append(c ?? ""); row.append(td); }
  return row;
}

async function loadCompanies() {
  const body = await getJSON("/api/v1/militia/orgs?level=company&page_size=1000");
  rows("mi-companies", body.features.map((f) => {
    const name = button("mi-row-button", f.properties.name);
    name.addEventListener("click", () => showCompany(f));
    return tr(name, f.properties.commander, String(f.properties.member_count));
  }));
}

async function showCompany(feature) {
  state.company = feature.id;
  map.easeTo({ center: coords.toMap(feature.geometry.coordinates), zoom: Math.max(map.getZoom(), 14) });
  showTab("members");
  $("mi-members-title").textContent = feature.properties.name;
  const body = await getJSON(`/api/v1/militia/members?org=${feature.id}&page_size=500`);
  rows("mi-members", body.results.map((m) => {
    const toggle = button({ class: "mi-row-button", dataset: { member: String(m.id) } }, m.on_call ? gettext("待命") : gettext("休整"));
    toggle.addEventListener("click", async () => {
      const updated = await postJSON(`/api/v1/militia/members/${m.id}/on-call`, { on_call: !m.on_call });
      m.on_call = updated.on_call;
      toggle.textContent = m.on_call ? gettext("待命") : gettext("休整");
    });
    return tr(m.name, label(config.specialities, m.speciality), m.age_band, m.phone, config.features.commander ? toggle : "");
  }));
}

async function showWarehouse(id, name) {
  state.warehouse = id;
  showTab("equipment");
  $("mi-warehouse-title").textContent = name;
  const body = await getJSON(`/api/v1/militia/resources/${id}/stock`);
  rows("mi-stock", Object.entries(body.stock).map(([kind, byCondition]) =>
    tr(label(config.equipmentKinds, kind), Object.values(byCondition).reduce((a, b) => a + b, 0).toString())));
  $("mi-move").hidden = !config.features.commander;
}

$("mi-move").addEventListener("submit", async (e) => {
  e.preventDefault();
  const data = new FormData(e.target);
  try {
    await postJSON(`/api/v1/militia/resources/${state.warehouse}/movements`,
      { items: [{ kind: data.get("kind"), reason: data.get("reason"), quantity: Number(data.get("quantity")) }] });
    $("mi-move-result").textContent = "✓";
    await showWarehouse(state.warehouse, $("mi-warehouse-title").textContent);
    refreshStock();
  } catch (error) { $("mi-move-result").textContent = gettext("失败：{reason}", { reason: error.message }); }
});

$("mi-import").addEventListener("submit", async (e) => {
  e.preventDefault();
  const out = $("mi-import-result");
  try {
    const body = await sendJSON("/api/v1/militia/members/import", new FormData(e.target));
    out.replaceChildren(el("li", "", gettext("已导入 {n} 人", { n: body.created })));
  } catch (error) {
    const rows = error.body?.rows || [{ row: "", field: error.field ?? "", message: error.message }];
    out.replaceChildren(...rows.map((r) => el("li", "", gettext("第 {row} 行 {field}：{message}", r))));
  }
});

async function loadTasks() {
  const body = await getJSON("/api/v1/militia/tasks?page_size=200");
  rows("mi-tasks-table", body.features.map((f) => {
    const p = f.properties;
    const actions = el("span");
    if (config.features.district && p.status === "requested") {
      for (const step of ["approve", "refuse"]) {
        const b = button({ class: "mi-row-button", dataset: { step, task: String(f.id) } }, step === "approve" ? gettext("批准") : gettext("驳回"));
        b.addEventListener("click", async () => {
          const comment = window.prompt(gettext("意见")) ?? "";
          try { await postJSON(`/api/v1/militia/tasks/${f.id}/steps`, { step, version: p.version, comment }); }
          catch (error) { window.alert(error.message); }
          loadTasks();
        });
        actions.append(b);
      }
    }
    return tr(p.title, label(config.taskKinds, p.kind), label(config.taskStatuses, p.status), actions);
  }));
}

async function loadPlans() {
  const plans = await getJSON("/api/v1/militia/plans");
  rows("mi-plans", plans.map((p) => {
    const b = button("mi-row-button", p.online ? gettext("上线") : gettext("下线"));
    b.addEventListener("click", async () => {
      try { await postJSON(`/api/v1/militia/plans/${p.id}/online`, { online: !p.online }); } catch (error) { window.alert(error.message); }
      loadPlans();
    });
    return tr(p.title, p.category, `${p.level}级`, b);
  }));
}

const kinds = $("mi-stock-kind");
kinds.append(el("option", { value: "" }, gettext("全部装备")), ...config.equipmentKinds.map((k) => el("option", { value: k.value }, k.label)));
document.querySelector("#mi-move [name=kind]").append(...config.equipmentKinds.map((k) => el("option", { value: k.value }, k.label)));

async function refreshStock() {
  const body = await getJSON(`/api/v1/militia/stock?kind=${kinds.value}`);
  for (const f of body.features) f.geometry.coordinates = coords.toMap(f.geometry.coordinates);
  map.getSource("mi-stock").setData(body);
  state.stock = body;
}
kinds.addEventListener("change", refreshStock);

const tilejsons = await loadTileJSON(["areas", "grids", "militia", "resources"]);
const map = await createOverviewMap($("militia-map"), { tilejsons, coords, bounds: coords.bounds(tilejsons.areas.bounds) });
expose("militia", { map, state });
map.addLayer({ id: "mi-resources", type: "circle", source: "resources", "source-layer": "resources",
  paint: { "circle-radius": 5, "circle-stroke-color": "#fff", "circle-stroke-width": 1.5,
    "circle-color": ["match", ["get", "kind"], "warehouse", "#0369a1", "shelter", "#059669", "hospital", "#be123c",
      "fuel_station", "#a16207", "#7c3aed"] } });
map.addLayer({ id: "mi-companies", type: "circle", source: "militia", "source-layer": "militia",
  paint: { "circle-radius": 6, "circle-color": KIND_COLORS.militia_company, "circle-stroke-color": "#fff", "circle-stroke-width": 2 } });
map.addSource("mi-stock", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
map.addLayer({ id: "mi-stock-label", type: "symbol", source: "mi-stock",
  layout: { "text-field": ["to-string", ["get", "quantity"]], "text-size": 12, "text-offset": [0, -1.2] },
  paint: { "text-color": "#0369a1", "text-halo-color": "#fff", "text-halo-width": 1.5 } });
map.on("click", (e) => {
  const [hit] = map.queryRenderedFeatures(e.point, { layers: ["mi-companies", "mi-resources"] });
  if (!hit) return;
  if (hit.layer.id === "mi-companies") {
    const at = coords.toWgs84([e.lngLat.lng, e.lngLat.lat]);
    showCompany({ id: hit.properties.id, properties: hit.properties, geometry: { coordinates: at } });
  } else if (hit.properties.kind === "warehouse") showWarehouse(hit.properties.id, hit.properties.name);
});
for (const layer of ["mi-companies", "mi-resources"]) {
  map.on("mouseenter", layer, () => { map.getCanvas().style.cursor = "pointer"; });
  map.on("mouseleave", layer, () => { map.getCanvas().style.cursor = ""; });
}
await Promise.all([loadCompanies(), loadTasks(), loadPlans(), refreshStock()]);
document.body.dataset.ready = "true";
