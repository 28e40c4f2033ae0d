// The GIS admin mode of the command map (网格调整): click grids → merge; draw a line (terra-draw) →
// split or reshape; click micro-grids → form a new grid or move them to a neighbour; retire a grid
// to its neighbours. Preview colours the changes and lists the counts; confirm applies (one
// transaction on the server), cancel forgets. The history lists adjustments with revert, and a date
// slider shows the grid layer as it was (?as_of=). `window.wangge.adjust` exposes the state to tests.
import { button, el, getJSON, postJSON } from "../kit/dom.js";
import { formatDay } from "../kit/format.js";
import { expose } from "../kit/hooks.js";
import { gettext, gettext_noop } from "../kit/i18n.js";
import { reloadTiles } from "../kit/tiles.js";
import { addPreviewLayers, showFeatures } from "./preview.js";

const OPS = ["merge", "split", "split_micro", "migrate", "reshape", "retire"];
// What each operation's button, hint and history entry say (translated through the JS catalogue).
const OP_BUTTONS = {
  merge: gettext_noop("合并"), split: gettext_noop("划线拆分"), split_micro: gettext_noop("按微网格拆分"),
  migrate: gettext_noop("划转微网格"), reshape: gettext_noop("调整边界"), retire: gettext_noop("撤销网格"),
};
const HINTS = {
  merge: gettext_noop("依次点选要合并的相邻网格（第一个保留编码）"),
  split: gettext_noop("点选网格，再画一条穿过它的线（按回车完成）"),
  split_micro: gettext_noop("点选要组成新网格的微网格"),
  migrate: gettext_noop("点选要划转的微网格，再点“选择接收网格”并点选网格"),
  reshape: gettext_noop("点选两个相邻网格，再沿新边界画线（按回车完成）"),
  retire: gettext_noop("点选要撤销的网格，再点“选择接收网格”并点选相邻网格"),
};
const OP_NAMES = {
  merge: gettext_noop("合并"), split: gettext_noop("拆分"), migrate: gettext_noop("划转"),
  reshape: gettext_noop("调整边界"), retire: gettext_noop("撤销"),
};
const STATUS_NAMES = { preview: gettext_noop("预览"), applied: gettext_noop("已生效"), reverted: gettext_noop("已撤回") };
// The located tables an adjustment moves rows of (the preview's counts).
const COUNT_NAMES = {
  places: gettext_noop("场所"), events: gettext_noop("事项"), latest_positions: gettext_noop("最新位置"),
  checkins: gettext_noop("签到"), visits: gettext_noop("寻访"), buildings: gettext_noop("楼栋"),
  houses: gettext_noop("房屋"), organisations: gettext_noop("组织"), people: gettext_noop("人员"),
  grid_members: gettext_noop("网格成员"), militia_orgs: gettext_noop("民兵组织"),
  militia_resources: gettext_noop("应急资源"), militia_tasks: gettext_noop("民兵任务"),
  emergencies: gettext_noop("应急事件"),
};
const PICKS = { merge: "grid", split: "grid", split_micro: "micro_grid", migrate: "micro_grid", reshape: "grid", retire: "grid" };
const DRAWS = new Set(["split", "reshape"]);
const LAYERS = { grid: "grids-fill", micro_grid: "microgrids-fill" };
const RELOAD = ["areas", "grids", "microgrids", "places"];

export function adjustPanelMarkup() {
  const panel = el("section", { class: "panel adjust-panel", id: "adjust-panel", "aria-labelledby": "adj-title" });
  panel.innerHTML = `
    <header class="panel-head"><h2 id="adj-title"></h2>
      <button type="button" class="panel-close" data-adj-close aria-label="×">×</button></header>
    <div class="panel-body adj-body">
      <div class="adj-ops" role="group"></div>
      <p id="adj-hint" class="adj-hint" role="status"></p>
      <div class="adj-tools">
        <button type="button" class="adj-button" id="adj-draw"></button>
        <button type="button" class="adj-button" id="adj-targets"></button>
      </div>
      <ul id="adj-selection" class="adj-selection"></ul>
      <input id="adj-name" class="adj-field" maxlength="100">
      <input id="adj-reason" class="adj-field" maxlength="500">
      <div class="adj-tools">
        <button type="button" class="adj-button adj-primary" id="adj-preview"></button>
        <button type="button" class="adj-button adj-primary" id="adj-apply" disabled></button>
        <button type="button" class="adj-button" id="adj-cancel"></button>
      </div>
      <div id="adj-result" class="adj-result" aria-live="polite"></div>
      <h3 class="adj-sub" id="adj-history-title"></h3>
      <label class="adj-asof"><span id="adj-asof-title"></span>
        <input type="range" id="adj-asof" min="-365" max="0" step="1" value="0"> <output id="adj-asof-label"></output></label>
      <ul id="adj-history" class="adj-history"></ul>
    </div>`;
  const toggle = button(
    { class: "adj-toggle", id: "adj-toggle", "aria-controls": "adjust-panel", "aria-expanded": "false" },
    gettext("网格调整"),
  );
  return { panel, toggle };
}

function describe(preview) {
  const box = el("div", "adj-preview");
  const counts = Object.entries(preview.counts).filter(([, n]) => n > 0);
  box.append(el("h4", "", gettext("将移动的数据")));
  const list = el("ul", "adj-counts");
  for (const [key, n] of counts) {
    list.append(el("li", { "data-count": key }, `${COUNT_NAMES[key] ? gettext(COUNT_NAMES[key]) : key}：${n}`));
  }
  if (!counts.length) list.append(el("li", "", gettext("无")));
  box.append(list, el("h4", "", gettext("编码变化")));
  const map = el("ul", "adj-codes");
  for (const m of preview.code_map.slice(0, 30)) map.append(el("li", "", `${m.old} → ${m.new}`));
  if (preview.code_map.length > 30) map.append(el("li", "", `… ${preview.code_map.length}`));
  box.append(map, el("h4", "", gettext("面积变化")));
  const areas = el("ul", "adj-areas");
  for (const a of preview.areas.filter((x) => x.level === "grid")) {
    areas.append(el("li", "", `${a.code}：${a.change_m2 > 0 ? "+" : ""}${Math.round(a.change_m2).toLocaleString()} m²`));
  }
  box.append(areas);
  if (preview.members.length) {
    box.append(el("h4", "", `${gettext("网格成员变动")}（${preview.members.length}）`));
    const members = el("ul", "adj-members");
    for (const m of preview.members.slice(0, 20)) members.append(el("li", "", `${m.name} ${m.from} → ${m.to}`));
    box.append(members);
  }
  return box;
}

export function createAdjustPanel(map, { coords, root, toggle }) {
  const $ = (sel) => root.querySelector(sel);
  const state = { op: "merge", picks: [], targets: [], pickingTargets: false, line: null, adjustment: null, history: [] };
  expose("adjust", state);
  const container = map.getContainer();
  const result = $("#adj-result");
  $("#adj-title").textContent = gettext("网格调整");
  $("#adj-history-title").textContent = gettext("调整历史");
  $("#adj-asof-title").textContent = gettext("查看历史图层");
  $("#adj-draw").textContent = gettext("画线");
  $("#adj-targets").textContent = gettext("选择接收网格");
  $("#adj-preview").textContent = gettext("预览");
  $("#adj-apply").textContent = gettext("确认调整");
  $("#adj-cancel").textContent = gettext("取消");
  $("#adj-name").placeholder = gettext("新名称（可选）");
  $("#adj-reason").placeholder = gettext("调整原因");
  addPreviewLayers(map);

  const { TerraDraw, TerraDrawLineStringMode } = window.terraDraw;
  const { TerraDrawMapLibreGLAdapter } = window.terraDrawMaplibreGlAdapter;
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map }),
    modes: [new TerraDrawLineStringMode()],
  });
  draw.on("finish", (id) => {
    const feature = draw.getSnapshot().find((f) => f.id === id);
    state.line = { type: "LineString", coordinates: feature.geometry.coordinates.map((c) => coords.toWgs84(c)) };
    draw.setMode("static");
    renderSelection();
  });

  const opButtons = OPS.map((op) => button({ class: "adj-button adj-op", "data-op": op }, gettext(OP_BUTTONS[op])));
  $(".adj-ops").append(...opButtons);

  function reset() {
    state.picks = [];
    state.targets = [];
    state.pickingTargets = false;
    state.line = null;
    state.adjustment = null;
    if (draw.enabled) { draw.clear(); draw.setMode("static"); }
    showFeatures(map, "adjust-preview", [], coords.toMap);
    $("#adj-apply").disabled = true;
    result.replaceChildren();
    renderSelection();
  }

  function setOp(op) {
    state.op = op;
    opButtons.forEach((b) => b.classList.toggle("active", b.dataset.op === op));
    $("#adj-hint").textContent = gettext(HINTS[op]);
    $("#adj-draw").hidden = !DRAWS.has(op);
    $("#adj-targets").hidden = !["migrate", "retire"].includes(op);
    $("#adj-name").hidden = !["merge", "split", "split_micro"].includes(op);
    reset();
  }

  function renderSelection() {
    const list = $("#adj-selection");
    list.replaceChildren(
      ...state.picks.map((p) => el("li", { "data-code": p.code }, `${gettext("已选")} ${p.code} ${p.name ?? ""}`)),
      ...state.targets.map((p) => el("li", { class: "adj-target", "data-code": p.code }, `${gettext("接收")} ${p.code} ${p.name ?? ""}`)),
    );
    if (state.line) list.append(el("li", "", gettext("已画线（{n} 个点）", { n: state.line.coordinates.length })));
  }

  async function showSelection() {
    const codes = [...state.picks, ...state.targets];
    const features = await Promise.all(codes.map(async (p) => {
      const url = p.level === "grid" ? "/api/v1/grids" : "/api/v1/microgrids";
      const body = await getJSON(`${url}?${new URLSearchParams({ code: p.code })}`);
      return body.features.find((f) => f.properties.code === p.code);
    }));
    showFeatures(map, "adjust-selection", features.filter(Boolean), coords.toMap);
  }

  function onClick(e) {
    if (!root.classList.contains("open") || draw.getMode() === "linestring") return;
    const level = state.pickingTargets ? "grid" : PICKS[state.op];
    const hit = map.queryRenderedFeatures(e.point, { layers: [LAYERS[level]] })[0];
    if (!hit) return;
    const pick = { level, code: String(hit.properties.code), name: hit.properties.name };
    const list = state.pickingTargets ? state.targets : state.picks;
    const at = list.findIndex((p) => p.code === pick.code);
    if (at >= 0) list.splice(at, 1);
    else list.push(pick);
    renderSelection();
    showSelection();
    loadHistory();
  }

  function request() {
    const codes = state.picks.map((p) => p.code);
    const name = $("#adj-name").value.trim() || undefined;
    const reason = $("#adj-reason").value.trim();
    const targets = state.targets.map((p) => p.code);
    switch (state.op) {
      case "merge": return { op: "merge", grids: codes, keep: codes[0], name, reason };
      case "split": return { op: "split", grid: codes[0], line: state.line, name, reason };
      case "split_micro": return { op: "split", grid: codes[0]?.slice(0, 15), micro_grids: codes, name, reason };
      case "migrate": return { op: "migrate", micro_grids: codes, to: targets[0], reason };
      case "reshape": return { op: "reshape", a: codes[0], b: codes[1], line: state.line, reason };
      default: return { op: "retire", grid: codes[0], to: targets, reason };
    }
  }

  function showError(error) {
    result.replaceChildren(el("p", "adj-error", error.message));
    const shapes = (error.body?.errors ?? []).filter((e) => e.geometry)
      .map((e) => ({ type: "Feature", geometry: e.geometry, properties: { side: "before" } }));
    showFeatures(map, "adjust-preview", shapes, coords.toMap);
  }

  $("#adj-preview").addEventListener("click", async () => {
    result.replaceChildren(el("p", "", gettext("正在预览…")));
    try {
      const adjustment = await postJSON("/api/v1/adjustments", request());
      state.adjustment = adjustment;
      showFeatures(map, "adjust-preview", adjustment.preview.changes.features, coords.toMap);
      result.replaceChildren(describe(adjustment.preview));
      $("#adj-apply").disabled = false;
    } catch (error) {
      showError(error);
    }
  });

  $("#adj-apply").addEventListener("click", async () => {
    if (!state.adjustment) return;
    $("#adj-apply").disabled = true;
    result.append(el("p", "", gettext("正在调整…")));
    try {
      const done = await postJSON(`/api/v1/adjustments/${state.adjustment.id}/apply`, {});
      reset();
      result.replaceChildren(el("p", { class: "adj-ok", "data-applied": done.id }, gettext("调整已生效 #{id}", { id: done.id })));
      showFeatures(map, "adjust-selection", [], coords.toMap);
      reloadTiles(map, RELOAD);
      loadHistory();
    } catch (error) {
      showError(error);
    }
  });

  $("#adj-cancel").addEventListener("click", () => { reset(); showFeatures(map, "adjust-selection", [], coords.toMap); });
  $("#adj-draw").addEventListener("click", () => {
    state.line = null;
    draw.clear();
    draw.setMode("linestring");
    renderSelection();
  });
  $("#adj-targets").addEventListener("click", () => {
    state.pickingTargets = !state.pickingTargets;
    $("#adj-targets").classList.toggle("active", state.pickingTargets);
  });

  // The history of the grid picked first (or of the whole jurisdiction when none is).
  async function loadHistory() {
    const grid = state.picks[0]?.code.slice(0, 15);
    const query = new URLSearchParams({ limit: 20, ...(grid ? { grid } : {}) });
    const { results } = await getJSON(`/api/v1/adjustments?${query}`);
    state.history = results;
    $("#adj-history").replaceChildren(...results.filter((a) => a.status !== "preview").map((a) => {
      const what = `${gettext(OP_NAMES[a.op] ?? a.op)} · ${gettext(STATUS_NAMES[a.status] ?? a.status)}`;
      const row = el("li", "adj-history-row", `#${a.id} ${what} · ${a.author} · ${a.reason || ""}`);
      if (a.status === "applied") {
        const undo = button({ class: "adj-button", "data-revert": a.id }, gettext("撤回"));
        undo.addEventListener("click", async () => {
          try {
            await postJSON(`/api/v1/adjustments/${a.id}/revert`, {});
            result.replaceChildren(el("p", "adj-ok", gettext("已撤回 #{id}", { id: a.id })));
            reloadTiles(map, RELOAD);
            loadHistory();
          } catch (error) {
            showError(error);
          }
        });
        row.append(" ", undo);
      }
      return row;
    }));
  }

  const slider = $("#adj-asof");
  const label = $("#adj-asof-label");
  async function showAsOf() {
    const days = Number(slider.value);
    if (days === 0) {
      label.textContent = gettext("当前");
      showFeatures(map, "adjust-asof", [], coords.toMap);
      return;
    }
    const day = formatDay(Date.now() + days * 86_400_000);
    label.textContent = day;
    const b = map.getBounds();
    const [w, s] = coords.toWgs84([b.getWest(), b.getSouth()]);
    const [e, n] = coords.toWgs84([b.getEast(), b.getNorth()]);
    const body = await getJSON(`/api/v1/grids?${new URLSearchParams({ as_of: day, bbox: [w, s, e, n].join(",") })}`);
    showFeatures(map, "adjust-asof", body.features, coords.toMap);
  }
  slider.addEventListener("change", showAsOf);

  opButtons.forEach((b) => b.addEventListener("click", () => setOp(b.dataset.op)));
  map.on("click", onClick);
  const show = (open) => {
    root.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", String(open));
    if (open) {
      container.dataset.drawing = "1"; // the command map's own click handling stands aside
      if (!draw.enabled) draw.start();
      draw.setMode("static");
      loadHistory();
    } else {
      delete container.dataset.drawing;
      reset();
      showFeatures(map, "adjust-selection", [], coords.toMap);
    }
  };
  toggle.addEventListener("click", () => show(!root.classList.contains("open")));
  root.querySelector("[data-adj-close]").addEventListener("click", () => show(false));
  setOp("merge");
  return state;
}
