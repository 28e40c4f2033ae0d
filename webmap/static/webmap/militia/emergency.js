// The command map's emergency dispatch (应急调度): draw an area or pick a point, scan the forces
// around it (POST/GET /api/v1/forces/nearby), choose some and dispatch them with a notice (text,
// photo, the place) pushed to their phones (POST /api/v1/forces/dispatch). `window.wangge.emergency`
// exposes the state and the drawing for the browser tests.
import { button, el, getJSON, postJSON, sendJSON } from "../kit/dom.js";
import { formatDistance } from "../kit/format.js";
import { expose } from "../kit/hooks.js";
import { gettext } from "../kit/i18n.js";
import { clearShape, drawArea, pickPoint } from "./draw.js";
import { forceRow, KINDS, kindName, showForces } from "./forces.js";

const RADII = { area: [0, 500, 1000, 2000], point: [1000, 2000, 5000, 10000] };

export function createEmergencyPanel(map, { coords, root }) {
  const $ = (sel) => root.querySelector(sel);
  const state = { target: null, forces: [], drawing: null, lastNotice: null, scans: 0, emergency: null };
  const radius = $("#mi-radius");
  const kinds = $("#mi-kinds");
  const list = $("#mi-results");
  const status = $("#mi-status");
  const form = $("#mi-dispatch");
  const result = $("#mi-result");

  for (const kind of KINDS) {
    const label = el("label", "mi-kind");
    label.append(el("input", { type: "checkbox", value: kind, checked: true }), el("span", "", kindName(kind)));
    kinds.append(label);
  }

  function setRadii(mode) {
    radius.replaceChildren(...RADII[mode].map((r, i) => el("option", { value: r, selected: i === (mode === "area" ? 1 : 1) }, r ? formatDistance(r) : gettext("区域内"))));
  }
  setRadii("point");

  const chosenKinds = () => [...kinds.querySelectorAll("input:checked")].map((i) => i.value);
  const chosenForces = () => [...list.querySelectorAll("input[name=force]:checked")].map((input) => {
    const [kind, id] = input.value.split(":");
    return state.forces.find((f) => f.kind === kind && String(f.id) === id);
  });

  function refreshChoice() {
    const chosen = new Set(chosenForces());
    state.forces.forEach((f) => { f.chosen = chosen.has(f); });
    showForces(map, state.forces, coords.toMap);
    $("#mi-chosen").textContent = gettext("已选 {n}", { n: chosen.size });
    form.querySelector("button[type=submit]").disabled = chosen.size === 0;
  }

  async function scan() {
    if (!state.target) return;
    status.textContent = gettext("搜索中…");
    list.replaceChildren();
    result.textContent = "";
    const r = Number(radius.value);
    try {
      const body = state.target.type === "Polygon"
        ? await postJSON("/api/v1/forces/nearby", { area: state.target, radius_m: r, kinds: chosenKinds(), limit: 20 })
        : await getJSON(`/api/v1/forces/nearby?lon=${state.target[0]}&lat=${state.target[1]}&radius_m=${r || 1000}&kinds=${chosenKinds().join(",")}&limit=20`);
      state.forces = body.forces;
      state.scans += 1;
    } catch (error) {
      status.textContent = gettext("失败：{reason}", { reason: error.message });
      return;
    }
    status.textContent = state.forces.length ? gettext("找到 {n} 支力量", { n: state.forces.length }) : gettext("范围内没有可调度力量");
    for (const kind of KINDS) {
      const items = state.forces.filter((f) => f.kind === kind);
      if (!items.length) continue;
      list.append(el("li", "mi-group", `${kindName(kind)} · ${items.length}`));
      items.forEach((f) => list.append(forceRow(f)));
    }
    root.classList.add("has-results");
    refreshChoice();
  }

  async function start(mode) {
    state.drawing?.cancel();
    clearShape(map);
    setRadii(mode);
    $("#mi-hint").textContent = mode === "area" ? gettext("在地图上依次点击区域顶点，双击或点“完成”结束") : gettext("在地图上点击一个位置");
    $("#mi-finish").hidden = mode !== "area";
    state.drawing = mode === "area" ? drawArea(map, coords) : pickPoint(map, coords);
    const target = await state.drawing.promise;
    state.drawing = null;
    $("#mi-finish").hidden = true;
    $("#mi-hint").textContent = "";
    if (!target) return;
    state.target = target;
    state.emergency = null;
    $(".mi-start").hidden = target.type !== "Polygon";
    await scan();
  }

  // Starting an emergency over the drawn area under an online plan (the dispatch then links it).
  getJSON("/api/v1/militia/plans?online=true").then((plans) => {
    $("#mi-plan").replaceChildren(...plans.map((p) => el("option", { value: p.id }, `${p.title}（${p.level}级）`)));
  }).catch(() => {});
  $("#mi-start").addEventListener("click", async () => {
    const title = form.querySelector("[name=title]").value || gettext("应急调度");
    try {
      state.emergency = await postJSON("/api/v1/militia/emergencies", { title, plan: Number($("#mi-plan").value), area: state.target });
      status.textContent = gettext("已启动应急响应：{title}", { title });
    } catch (error) { status.textContent = gettext("失败：{reason}", { reason: error.message }); }
  });

  $("#mi-draw").addEventListener("click", () => start("area"));
  $("#mi-pick").addEventListener("click", () => start("point"));
  $("#mi-finish").addEventListener("click", () => state.drawing?.finish?.());
  radius.addEventListener("change", scan);
  kinds.addEventListener("change", scan);
  list.addEventListener("change", refreshChoice);
  list.addEventListener("click", (e) => {
    const row = e.target.closest(".mi-force");
    if (!row || e.target.matches("input")) return;
    const f = state.forces.find((x) => x.kind === row.dataset.kind && String(x.id) === row.dataset.id);
    if (f) map.easeTo({ center: coords.toMap([f.lon, f.lat]), zoom: Math.max(map.getZoom(), 15) });
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const chosen = chosenForces();
    if (!chosen.length || !state.target) return;
    const data = new FormData(form);
    data.set("forces", JSON.stringify(chosen.map((f) => ({ kind: f.kind, id: f.id, distance_m: f.distance_m }))));
    if (state.target.type === "Polygon") data.set("area", JSON.stringify(state.target));
    else { data.set("lon", state.target[0]); data.set("lat", state.target[1]); }
    if (state.emergency) data.set("emergency", state.emergency.id);
    if (!data.get("photo")?.size) data.delete("photo");
    result.textContent = gettext("发送中…");
    let body;
    try {
      body = await sendJSON("/api/v1/forces/dispatch", data);
    } catch (error) {
      result.textContent = gettext("失败：{reason}", { reason: error.message });
      result.dataset.state = "error";
      return;
    }
    state.lastNotice = body;
    result.dataset.state = "ok";
    result.textContent = gettext("已调度，通知 {n} 人", { n: body.recipients });
  });

  expose("emergency", { state, start, scan });
  return { state };
}

/** The panel's markup, added to the command map's container. */
export function emergencyPanelMarkup() {
  const panel = el("section", { class: "panel emergency-panel", id: "emergency-panel", "aria-labelledby": "mi-title" });
  panel.innerHTML = `
    <header class="panel-head"><h2 id="mi-title">${gettext("应急调度")}</h2>
      <button type="button" class="panel-close" data-mi-close aria-label="×">×</button></header>
    <div class="panel-body mi-body">
      <div class="mi-tools">
        <button type="button" class="mi-button" id="mi-draw">${gettext("划定区域")}</button>
        <button type="button" class="mi-button" id="mi-pick">${gettext("点选位置")}</button>
        <button type="button" class="mi-button mi-primary" id="mi-finish" hidden>${gettext("完成")}</button>
        <label class="mi-inline"><span>${gettext("范围")}</span> <select id="mi-radius" class="mi-field"></select></label>
      </div>
      <p id="mi-hint" class="mi-hint" role="status"></p>
      <div id="mi-kinds" class="mi-kinds"></div>
      <div class="mi-tools mi-start" hidden>
        <select id="mi-plan" class="mi-field" aria-label="plan"></select>
        <button type="button" class="mi-button" id="mi-start">${gettext("启动应急响应")}</button>
      </div>
      <p id="mi-status" class="mi-status" role="status"></p>
      <ul id="mi-results" class="mi-results"></ul>
      <form id="mi-dispatch" class="mi-dispatch">
        <div class="mi-chosen-row"><span id="mi-chosen"></span></div>
        <input class="mi-field" name="title" required maxlength="200">
        <textarea class="mi-field" name="body" rows="3" maxlength="4000"></textarea>
        <label class="mi-inline"><span>${gettext("现场照片")}</span> <input type="file" name="photo" accept="image/jpeg,image/png"></label>
        <button type="submit" class="mi-button mi-primary" disabled>${gettext("调度并通知")}</button>
        <p id="mi-result" class="mi-result" role="status" aria-live="polite"></p>
      </form>
    </div>`;
  panel.querySelector("[name=title]").placeholder = gettext("标题");
  panel.querySelector("[name=body]").placeholder = gettext("调度内容");
  const toggle = button({ class: "mi-toggle", id: "mi-toggle", "aria-controls": "emergency-panel", "aria-expanded": "false" }, gettext("应急调度"));
  const show = (open) => { panel.classList.toggle("open", open); toggle.setAttribute("aria-expanded", String(open)); };
  toggle.addEventListener("click", () => show(!panel.classList.contains("open")));
  panel.querySelector("[data-mi-close]").addEventListener("click", () => show(false));
  return { panel, toggle };
}
