// The layer switcher with its legend: one checkbox per layer group (streets, communities, grids,
// micro-grids, places), one per place kind with its icon, and one for all name labels.
import { drawPlaceIcon } from "../icons.js";
import { choiceLabel, t } from "../i18n.js";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "style") Object.assign(node.style, value);
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function swatch({ fill, line, dash }) {
  const s = el("span", { class: "swatch", "aria-hidden": "true" });
  if (fill) s.style.background = `color-mix(in srgb, ${fill} 45%, transparent)`;
  if (line) s.style.border = `2px ${dash ? "dashed" : "solid"} ${line}`;
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
 * `minzooms`: the first zoom of each source (from its TileJSON).
 */
export function createLayerPanel(map, container, { groups, placeKinds, gridKinds, showPlaceKinds, counts, minzooms }) {
  const state = { on: new Set(groups.map((g) => g.key)), labels: true, kinds: new Set(placeKinds.map((k) => k.value)) };
  const zoomHints = [];

  function apply() {
    for (const group of groups) {
      const groupOn = state.on.has(group.key) && (!group.kinds || state.kinds.size > 0);
      for (const id of group.layers) map.setLayoutProperty(id, "visibility", groupOn ? "visible" : "none");
      for (const id of group.labelLayers ?? []) map.setLayoutProperty(id, "visibility", groupOn && state.labels ? "visible" : "none");
    }
    showPlaceKinds(map, state.kinds);
  }

  function groupRow(group) {
    const box = checkbox(`layer-${group.key}`, true);
    box.dataset.group = group.key;
    box.addEventListener("change", () => {
      if (box.checked) state.on.add(group.key);
      else state.on.delete(group.key);
      if (group.kinds) {
        state.kinds = box.checked ? new Set(placeKinds.map((k) => k.value)) : new Set();
        container.querySelectorAll("input[data-kind]").forEach((k) => { k.checked = box.checked; });
      }
      apply();
    });
    const minzoom = minzooms[group.source] ?? 0;
    const hint = minzoom > 0 ? el("span", { class: "zoom-hint" }, t("from_zoom", { z: minzoom })) : null;
    if (hint) zoomHints.push({ hint, minzoom });
    const n = group.kinds ? Object.values(counts.places ?? {}).reduce((a, b) => a + b, 0) : counts[group.count];
    return el("label", { class: "layer-row" }, box, group.swatch ? swatch(group.swatch) : null,
      el("span", { class: "layer-name" }, t(group.label)), count(n), hint);
  }

  function gridLegend(group) {
    const labels = Object.fromEntries(gridKinds.map((k) => [k.value, k.label]));
    return el("ul", { class: "legend" }, ...group.legend.map((item) =>
      el("li", {}, swatch(item.swatch), el("span", {}, choiceLabel(item.kind, labels[item.kind])))));
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
    const section = el("div", { class: "layer-group", "data-group": group.key }, row);
    if (group.legend) section.append(gridLegend(group));
    if (group.kinds) section.append(kindList(row.querySelector("input")));
    container.append(section);
  }
  const labelsBox = checkbox("layer-labels", true);
  labelsBox.addEventListener("change", () => { state.labels = labelsBox.checked; apply(); });
  container.append(el("div", { class: "layer-group layer-group-labels" },
    el("label", { class: "layer-row" }, labelsBox, el("span", { class: "swatch swatch-text", "aria-hidden": "true" }, "A"), el("span", { class: "layer-name" }, t("labels")))));

  function updateZoomHints() {
    const zoom = map.getZoom();
    for (const { hint, minzoom } of zoomHints) hint.classList.toggle("inactive", zoom < minzoom);
  }
  map.on("zoomend", updateZoomHints);
  updateZoomHints();
  apply();
  return state;
}
