// The layer switcher with its legend: one checkbox per layer group (live workers, check-ins and
// heat; streets, communities, grids, micro-grids, places), one per place kind with its icon, and
// one for all name labels. Live groups report their toggles (the socket asks only for what shows).
import { drawPlaceIcon } from "../icons.js";
import { el } from "../kit/dom.js";
import { choiceLabel, gettext } from "../kit/i18n.js";


function swatch({ fill, line, dash, dot, ring, ramp }) {
  const s = el("span", { class: "swatch", "aria-hidden": "true" });
  if (fill) s.style.background = `color-mix(in srgb, ${fill} 45%, transparent)`;
  if (line) s.style.border = `2px ${dash ? "dashed" : "solid"} ${line}`;
  if (dot) s.append(el("span", { class: "swatch-dot", style: { background: dot } }));
  if (ring) s.append(el("span", { class: "swatch-ring", style: { borderColor: ring } }));
  if (ramp) s.style.background = `linear-gradient(90deg, ${ramp.join(", ")})`;
  return s;
}

function count(n) {
  return n === undefined ? null : el("span", { class: "count" }, Number(n).toLocaleString());
}

function checkbox(name, checked) {
  return el("input", { type: "checkbox", name, ...(checked ? { checked: "" } : {}) });
}

/**
 * `groups`: the `toggles` of the layer modules; `placeKinds`: [{value, label}];
 * `showPlaceKinds(map, Set)`: filters the place layers; `counts`: how many of each the user sees;
 * `minzooms`: the first zoom of each source (from its TileJSON); `onToggle(key, on)` hears a group
 * switched. A group with `off` starts hidden; one with `live` goes in the live section, and its
 * count and its legend's per-status counts are set later through `setCount`.
 */
export function createLayerPanel(map, container, options) {
  const { groups, placeKinds, gridKinds, showPlaceKinds, counts, minzooms, onToggle = () => {} } = options;
  const state = {
    on: new Set(groups.filter((g) => !g.off).map((g) => g.key)), labels: true,
    kinds: new Set(placeKinds.map((k) => k.value)),
  };
  const zoomHints = [];
  const liveCounts = new Map(); // key → count element

  function apply() {
    for (const group of groups) {
      const groupOn = state.on.has(group.key) && (!group.kinds || state.kinds.size > 0);
      for (const id of group.layers) map.setLayoutProperty(id, "visibility", groupOn ? "visible" : "none");
      for (const id of group.labelLayers ?? []) map.setLayoutProperty(id, "visibility", groupOn && state.labels ? "visible" : "none");
    }
    showPlaceKinds(map, state.kinds);
  }

  function groupRow(group) {
    const box = checkbox(`layer-${group.key}`, !group.off);
    box.dataset.group = group.key;
    box.addEventListener("change", () => {
      if (box.checked) state.on.add(group.key);
      else state.on.delete(group.key);
      if (group.kinds) {
        state.kinds = box.checked ? new Set(placeKinds.map((k) => k.value)) : new Set();
        container.querySelectorAll("input[data-kind]").forEach((k) => { k.checked = box.checked; });
      }
      apply();
      onToggle(group.key, box.checked);
    });
    const minzoom = minzooms[group.source] ?? 0;
    const hint = minzoom > 0 ? el("span", { class: "zoom-hint" }, gettext("{z}级起显示", { z: minzoom })) : null;
    if (hint) zoomHints.push({ hint, minzoom });
    let n = group.kinds ? Object.values(counts.places ?? {}).reduce((a, b) => a + b, 0) : counts[group.count];
    if (group.live && group.count) n = 0;
    const badge = count(n);
    if (group.live && badge) liveCounts.set(group.key, badge);
    return el("label", { class: "layer-row" }, box, group.swatch ? swatch(group.swatch) : null,
      el("span", { class: "layer-name" }, gettext(group.label)), badge, hint);
  }

  function legend(group) {
    const labels = Object.fromEntries(gridKinds.map((k) => [k.value, k.label]));
    return el("ul", { class: `legend${group.live ? " legend-live" : ""}` }, ...group.legend.map((item) => {
      const text = item.label ? gettext(item.label) : choiceLabel(item.kind, labels[item.kind]);
      const li = el("li", item.status ? { "data-status": item.status } : {}, swatch(item.swatch), el("span", {}, text));
      if (item.status) {
        const n = el("span", { class: "legend-count" }, "0");
        liveCounts.set(`${group.key}:${item.status}`, n);
        li.append(n);
      }
      return li;
    }));
  }

  function heatScale() {
    return el("div", { class: "heat-scale", "aria-hidden": "true" },
      el("span", {}, gettext("少")), el("span", { class: "heat-scale-bar" }), el("span", {}, gettext("多")));
  }

  function kindList(master) {
    const list = el("ul", { class: "kind-list" });
    for (const kind of placeKinds) {
      const box = checkbox(`kind-${kind.value}`, true);
      box.dataset.kind = kind.value;
      box.addEventListener("change", () => {
        if (box.checked) state.kinds.add(kind.value);
        else state.kinds.delete(kind.value);
        master.checked = state.kinds.size > 0;
        master.indeterminate = state.kinds.size > 0 && state.kinds.size < placeKinds.length;
        if (state.kinds.size) state.on.add("places");
        apply();
      });
      const icon = drawPlaceIcon(kind.value, 18);
      icon.className = "kind-icon";
      icon.setAttribute("aria-hidden", "true");
      list.append(el("li", {}, el("label", { class: "layer-row kind-row" }, box, icon,
        el("span", { class: "kind-name", title: choiceLabel(kind.value, kind.label) }, choiceLabel(kind.value, kind.label)), count(counts.places?.[kind.value] ?? 0))));
    }
    return list;
  }

  for (const group of groups) {
    const row = groupRow(group);
    const section = el("div", { class: `layer-group${group.live ? " layer-group-live" : ""}`, "data-group": group.key }, row);
    if (group.legend) section.append(legend(group));
    if (group.swatch?.ramp) section.append(heatScale());
    if (group.kinds) section.append(kindList(row.querySelector("input")));
    container.append(section);
  }
  const labelsBox = checkbox("layer-labels", true);
  labelsBox.addEventListener("change", () => { state.labels = labelsBox.checked; apply(); });
  container.append(el("div", { class: "layer-group layer-group-labels" },
    el("label", { class: "layer-row" }, labelsBox, el("span", { class: "swatch swatch-text", "aria-hidden": "true" }, "A"), el("span", { class: "layer-name" }, gettext("名称标注")))));

  function updateZoomHints() {
    const zoom = map.getZoom();
    for (const { hint, minzoom } of zoomHints) hint.classList.toggle("inactive", zoom < minzoom);
  }
  map.on("zoomend", updateZoomHints);
  updateZoomHints();
  apply();
  return {
    state,
    /** Sets a live count: `key` a group ("workers"), or "group:status" for a legend entry. */
    setCount(key, n) {
      const node = liveCounts.get(key);
      if (node) node.textContent = Number(n).toLocaleString();
    },
  };
}
