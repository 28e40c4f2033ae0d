// The dispatch dialog (下派): the grid's own worker and leader (GET …/route), on-duty workers and
// militia units nearby with their distance (GET …/nearby?radius_m=), a department as the other
// choice, all shown on a mini map around the event. Resolves to the chosen target and a note.
import { button, el, getJSON } from "../kit/dom.js";
import { formatAge, formatDistance, secondsSince } from "../kit/format.js";
import { expose } from "../kit/hooks.js";
import { gettext } from "../kit/i18n.js";
import { createOverviewMap } from "../kit/basemap.js";
import { choice } from "./choices.js";

const RADII = [1000, 2000, 5000];
const DEFAULT_RADIUS = 2000;

/** A polygon approximating a circle of `metres` around [lon, lat] (WGS84). */
function circle([lon, lat], metres, steps = 64) {
  const dLat = metres / 111320;
  const dLon = metres / (111320 * Math.cos((lat * Math.PI) / 180));
  const ring = [];
  for (let i = 0; i <= steps; i++) {
    const a = (i / steps) * 2 * Math.PI;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  return ring;
}

function section(title, id) {
  const node = el("section", { class: "ev-dispatch-section", id });
  const list = el("ul", "ev-force-list");
  node.append(el("h3", "ev-section-title", title), list);
  return { node, list };
}

function forceRow({ value, name, tags, distance, marker, selectable = true, kind }) {
  const li = el("li", { class: `ev-force ev-force-${kind}`, dataset: { value: value ?? "", kind } });
  const row = el(selectable ? "label" : "div", "ev-force-row");
  // One radio group per list: the same person may be in two lists (their grid's worker, on duty
  // nearby), and choosing them in one marks them chosen in both.
  if (selectable) row.append(el("input", { type: "radio", name: `dispatch-target-${kind}`, value }));
  if (marker) row.append(el("span", `ev-force-mark ev-mark-${kind}`, marker));
  const text = el("span", "ev-force-text");
  text.append(el("span", "ev-force-name", name));
  const meta = el("span", "ev-force-meta");
  for (const tag of tags.filter(Boolean)) meta.append(el("span", "", tag));
  text.append(meta);
  row.append(text);
  if (distance !== undefined) row.append(el("span", "ev-force-distance", formatDistance(distance)));
  li.append(row);
  return li;
}

/**
 * Opens the dialog for `feature` (a full event). Resolves to `{target: "user:<name>" |
 * "department:<code>", label, note}` or null when cancelled.
 */
export function openDispatch(dialog, feature, { tilejsons, coords }) {
  const p = feature.properties;
  const at = feature.geometry.coordinates;
  const form = el("form", { class: "ev-dialog-form ev-dispatch", method: "dialog" });
  const head = el("header", "ev-dialog-head");
  head.append(el("h2", "", `${gettext("下派事项")} · ${p.code}`));
  const radius = el("select", { class: "ev-field ev-radius", name: "radius", "aria-label": gettext("搜索半径") });
  for (const r of RADII) radius.append(el("option", { value: r, selected: r === DEFAULT_RADIUS }, formatDistance(r)));
  const radiusLabel = el("label", "ev-inline-label");
  radiusLabel.append(el("span", "", gettext("搜索半径")), radius);
  head.append(radiusLabel);

  const body = el("div", "ev-dialog-body ev-dispatch-body");
  const mapBox = el("div", { class: "ev-minimap", id: "ev-minimap", role: "region", "aria-label": gettext("事项地图") });
  const side = el("div", "ev-dispatch-side");
  const own = section(gettext("本网格人员"), "ev-dispatch-grid");
  const workers = section(gettext("附近在岗人员"), "ev-dispatch-workers");
  const units = section(gettext("附近民兵组织"), "ev-dispatch-units");
  const department = el("select", { class: "ev-field", name: "department", "aria-label": gettext("职能部门") });
  department.append(el("option", { value: "" }, gettext("选择部门…")));
  const deptSection = el("section", "ev-dispatch-section");
  deptSection.append(el("h3", "ev-section-title", gettext("职能部门")), department);
  const note = el("textarea", { class: "ev-field ev-note", name: "note", rows: 2, maxlength: 2000, placeholder: gettext("填写处理意见（选填）") });
  const noteLabel = el("label", "ev-label");
  noteLabel.append(el("span", "", gettext("处理意见")), note);
  side.append(own.node, workers.node, units.node, deptSection, noteLabel);
  body.append(mapBox, side);

  const foot = el("footer", "ev-dialog-foot");
  const chosen = el("span", "ev-dispatch-chosen", gettext("请选择下派对象"));
  const cancel = button("ev-button", gettext("取消"));
  const ok = el("button", { class: "ev-button ev-button-primary", type: "submit", value: "ok", disabled: true }, gettext("确认下派"));
  foot.append(chosen, cancel, ok);
  form.append(head, body, foot);
  dialog.replaceChildren(form);
  dialog.dataset.action = "dispatch";

  let choice_ = null; // {target, label}
  let mini = null;
  let markers = [];
  const controller = new AbortController();

  function choose(target, label) {
    choice_ = target ? { target, label } : null;
    ok.disabled = !choice_;
    chosen.textContent = choice_ ? gettext("下派给 {name}", { name: label }) : gettext("请选择下派对象");
    for (const li of side.querySelectorAll(".ev-force")) li.classList.toggle("chosen", li.dataset.value === target);
    for (const m of markers) m.getElement().classList.toggle("chosen", m.getElement().dataset.value === target);
    if (!target?.startsWith("department:")) department.value = "";
    for (const input of side.querySelectorAll("input[type=radio]")) input.checked = input.value === target;
  }

  side.addEventListener("change", (e) => {
    if (e.target.name?.startsWith("dispatch-target")) choose(e.target.value, e.target.closest(".ev-force").querySelector(".ev-force-name").textContent);
  });
  department.addEventListener("change", () => {
    choose(department.value ? `department:${department.value}` : null, department.selectedOptions[0]?.textContent);
  });

  function marker(kind, label, lonLat, value) {
    const node = el("div", { class: `ev-force-mark ev-mark-${kind}`, dataset: { value: value ?? "" } }, label);
    if (value) node.addEventListener("click", () => choose(value, node.title));
    const m = new maplibregl.Marker({ element: node }).setLngLat(coords.toMap(lonLat)).addTo(mini);
    markers.push(m);
    return node;
  }

  async function loadPeople() {
    own.list.replaceChildren(el("li", "ev-hint", gettext("加载中…")));
    try {
      const route = await getJSON(`/api/v1/events/${feature.id}/route`, { signal: controller.signal });
      own.list.replaceChildren();
      for (const [person, role] of [[route.worker, "grid_worker"], [route.leader, "grid_leader"]]) {
        if (!person) continue;
        own.list.append(forceRow({ kind: "own", value: `user:${person.username}`, name: person.name, tags: [choice("role", role)] }));
      }
      if (!own.list.children.length) own.list.append(el("li", "ev-hint", gettext("—")));
    } catch (error) {
      if (error.name !== "AbortError") own.list.replaceChildren(el("li", "ev-error", error.message));
    }
  }

  let found = null;

  async function loadNearby() {
    const r = Number(radius.value);
    workers.list.replaceChildren(el("li", "ev-hint", gettext("加载中…")));
    units.list.replaceChildren();
    try {
      found = await getJSON(`/api/v1/events/${feature.id}/nearby?radius_m=${r}`, { signal: controller.signal });
    } catch (error) {
      if (error.name !== "AbortError") workers.list.replaceChildren(el("li", "ev-error", error.message));
      return;
    }
    workers.list.replaceChildren();
    found.workers.forEach((w, i) => workers.list.append(forceRow({
      kind: "worker", value: `user:${w.username}`, name: w.name, marker: String(i + 1), distance: w.distance_m,
      tags: [choice("role", w.role), w.phone, gettext("{age}定位", { age: formatAge(secondsSince(w.time)) }),
        w.battery !== null && w.battery !== undefined ? gettext("电量 {n}%", { n: Math.round(w.battery * 100) }) : null],
    })));
    found.militia_units.forEach((u, i) => units.list.append(forceRow({
      kind: "unit", name: u.name, marker: unitMark(i), distance: u.distance_m, selectable: false,
      tags: [u.attributes?.phone, gettext("仅供调度参考")],
    })));
    if (!found.workers.length) workers.list.append(el("li", "ev-hint", gettext("{r} 范围内没有在岗人员", { r: formatDistance(r) })));
    if (!found.militia_units.length) units.list.append(el("li", "ev-hint", gettext("{r} 范围内没有民兵组织", { r: formatDistance(r) })));
    drawForces();
    if (choice_) choose(choice_.target, choice_.label);
  }

  const unitMark = (i) => String.fromCharCode(65 + (i % 26));

  /** The forces on the mini map, once both it and the list are there. */
  function drawForces() {
    if (!mini || !found) return;
    for (const m of markers) m.remove();
    markers = [];
    found.workers.forEach((w, i) => { marker("worker", String(i + 1), [w.lon, w.lat], `user:${w.username}`).title = w.name; });
    found.militia_units.forEach((u, i) => { marker("unit", unitMark(i), [u.lon, u.lat]).title = u.name; });
    showRadius(Number(radius.value));
    dialog.dataset.mapped = String(markers.length);
  }

  function showRadius(r) {
    const ring = circle(at, r).map(coords.toMap);
    const data = { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [ring] } };
    if (mini.getSource("ev-radius")) mini.getSource("ev-radius").setData(data);
    else {
      mini.addSource("ev-radius", { type: "geojson", data });
      mini.addLayer({ id: "ev-radius-fill", type: "fill", source: "ev-radius", paint: { "fill-color": "#2f6fde", "fill-opacity": 0.07 } });
      mini.addLayer({ id: "ev-radius-line", type: "line", source: "ev-radius", paint: { "line-color": "#2f6fde", "line-width": 1.5, "line-dasharray": [3, 2] } });
    }
    const lons = ring.map((c) => c[0]);
    const lats = ring.map((c) => c[1]);
    const box = [[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]];
    mini.fitBounds(box, { padding: 16, duration: 0 });
  }

  getJSON("/api/v1/departments", { signal: controller.signal }).then((list) => {
    for (const d of list) department.append(el("option", { value: d.code }, d.name));
  }).catch(() => {});

  return new Promise((resolve) => {
    cancel.addEventListener("click", () => dialog.close("cancel"));
    radius.addEventListener("change", loadNearby);
    form.addEventListener("submit", (e) => { if (!choice_) e.preventDefault(); });
    dialog.addEventListener("close", () => {
      controller.abort();
      mini?.remove();
      resolve(dialog.returnValue === "ok" && choice_ ? { ...choice_, note: note.value.trim() } : null);
    }, { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    loadPeople();
    loadNearby();
    const center = coords.toMap(at);
    createOverviewMap(mapBox, {
      tilejsons, coords, compact: true, padding: 16,
      bounds: [[center[0] - 0.02, center[1] - 0.02], [center[0] + 0.02, center[1] + 0.02]],
    }).then((map) => {
      if (!dialog.open) return map.remove();
      mini = map;
      expose("miniMap", map);
      const pin = el("div", { class: "ev-event-pin", title: gettext("事项位置") });
      new maplibregl.Marker({ element: pin, anchor: "bottom" }).setLngLat(center).addTo(map);
      drawForces();
    }).catch((error) => mapBox.append(el("p", "ev-error", error.message)));
  });
}
