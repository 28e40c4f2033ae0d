// The command map's emergency dispatch (应急调度): draw an area or pick a point, scan the forces
// around it (POST/GET /api/v1/forces/nearby), choose some and dispatch them with a notice (text,
// photo, the place) pushed to their phones (POST /api/v1/forces/dispatch). `window.wanggeEmergency`
// exposes the state and the drawing for the browser tests.
import { csrfToken, getJSON, postJSON } from "../api.js";
import { button, el } from "../events/dom.js";
import { clearShape, drawArea, pickPoint } from "./draw.js";
import { forceRow, KINDS, showForces } from "./forces.js";
import { applyI18n, metres, t } from "./i18n.js";

const RADII = { area: [0, 500, 1000, 2000], point: [1000, 2000, 5000, 10000] };

export function createEmergencyPanel(map, { coords, root }) {
  applyI18n(root);
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
    label.append(el("input", "", null, { type: "checkbox", value: kind, checked: true }), el("span", "", t(kind)));
    kinds.append(label);
  }

  function setRadii(mode) {
    radius.replaceChildren(...RADII[mode].map((r, i) => el("option", "", r ? metres(r) : t("distance_inside"), {
      value: r, selected: i === (mode === "area" ? 1 : 1) })));
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
    $("#mi-chosen").textContent = t("chosen", { n: chosen.size });
    form.querySelector("button[type=submit]").disabled = chosen.size === 0;
  }

  async function scan() {
    if (!state.target) return;
    status.textContent = t("scanning");
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
      status.textContent = t("failed", { reason: error.message });
      return;
    }
    status.textContent = state.forces.length ? t("found", { n: state.forces.length }) : t("none_found");
    for (const kind of KINDS) {
      const items = state.forces.filter((f) => f.kind === kind);
      if (!items.length) continue;
      list.append(el("li", "mi-group", `${t(kind)} · ${items.length}`));
      items.forEach((f) => list.append(forceRow(f)));
    }
    root.classList.add("has-results");
    refreshChoice();
  }

  async function start(mode) {
    state.drawing?.cancel();
    clearShape(map);
    setRadii(mode);
    $("#mi-hint").textContent = t(mode === "area" ? "draw_hint" : "pick_hint");
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
    $("#mi-plan").replaceChildren(...plans.map((p) => el("option", "", `${p.title}（${p.level}级）`, { value: p.id })));
  }).catch(() => {});
  $("#mi-start").addEventListener("click", async () => {
    const title = form.querySelector("[name=title]").value || t("emergency");
    try {
      state.emergency = await postJSON("/api/v1/militia/emergencies", { title, plan: Number($("#mi-plan").value), area: state.target });
      status.textContent = t("emergency_started", { title });
    } catch (error) { status.textContent = t("failed", { reason: error.message }); }
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
    result.textContent = t("dispatching");
    const response = await fetch("/api/v1/forces/dispatch", {
      method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      result.textContent = t("failed", { reason: body.detail || response.status });
      result.dataset.state = "error";
      return;
    }
    state.lastNotice = body;
    result.dataset.state = "ok";
    result.textContent = t("dispatched", { n: body.recipients });
  });

  window.wanggeEmergency = { state, start, scan };
  return { state };
}

/** The panel's markup, added to the command map's container. */
export function emergencyPanelMarkup() {
  const panel = el("section", "panel emergency-panel", null, { id: "emergency-panel", "aria-labelledby": "mi-title" });
  panel.innerHTML = `
    <header class="panel-head"><h2 id="mi-title" data-i18n="emergency">应急调度</h2>
      <button type="button" class="panel-close" data-mi-close aria-label="×">×</button></header>
    <div class="panel-body mi-body">
      <div class="mi-tools">
        <button type="button" class="mi-button" id="mi-draw" data-i18n="draw_area">划定区域</button>
        <button type="button" class="mi-button" id="mi-pick" data-i18n="pick_point">点选位置</button>
        <button type="button" class="mi-button mi-primary" id="mi-finish" data-i18n="finish" hidden>完成</button>
        <label class="mi-inline"><span data-i18n="radius">范围</span> <select id="mi-radius" class="mi-field"></select></label>
      </div>
      <p id="mi-hint" class="mi-hint" role="status"></p>
      <div id="mi-kinds" class="mi-kinds"></div>
      <div class="mi-tools mi-start" hidden>
        <select id="mi-plan" class="mi-field" aria-label="plan"></select>
        <button type="button" class="mi-button" id="mi-start" data-i18n="start_emergency">启动应急响应</button>
      </div>
      <p id="mi-status" class="mi-status" role="status"></p>
      <ul id="mi-results" class="mi-results"></ul>
      <form id="mi-dispatch" class="mi-dispatch">
        <div class="mi-chosen-row"><span id="mi-chosen"></span></div>
        <input class="mi-field" name="title" required maxlength="200" data-i18n-ph="title">
        <textarea class="mi-field" name="body" rows="3" maxlength="4000"></textarea>
        <label class="mi-inline"><span data-i18n="photo">现场照片</span> <input type="file" name="photo" accept="image/jpeg,image/png"></label>
        <button type="submit" class="mi-button mi-primary" data-i18n="dispatch" disabled>调度并通知</button>
        <p id="mi-result" class="mi-result" role="status" aria-live="polite"></p>
      </form>
    </div>`;
  panel.querySelector("[name=title]").placeholder = t("title");
  panel.querySelector("[name=body]").placeholder = t("body");
  const toggle = button("mi-toggle", t("emergency"), { id: "mi-toggle", "aria-controls": "emergency-panel", "aria-expanded": "false" });
  const show = (open) => { panel.classList.toggle("open", open); toggle.setAttribute("aria-expanded", String(open)); };
  toggle.addEventListener("click", () => show(!panel.classList.contains("open")));
  panel.querySelector("[data-mi-close]").addEventListener("click", () => show(false));
  return { panel, toggle };
}
