// The filter bar: status (multi-select), category (the tree from /api/v1/event-categories),
// source, overdue / supervised / my to-do, and the event code. It turns its state into the list
// API's query string, and tells whether an event (a live update) still matches.
import { button, el, getJSON } from "../kit/dom.js";
import { gettext } from "../kit/i18n.js";
import { choice } from "./choices.js";

const TERMINAL = new Set(["closed", "rejected", "self_handled"]);
const TYPING_DELAY_MS = 350;

function checkRow(name, value, label, { swatch } = {}) {
  const row = el("label", "ev-check");
  const input = el("input", { type: "checkbox", name, value });
  row.append(input);
  if (swatch) row.append(el("span", { class: "ev-swatch", style: `background:${swatch}`, "aria-hidden": "true" }));
  row.append(el("span", "", label));
  return row;
}

/** The statuses of events still being worked on (not closed, rejected or self-handled). */
export const openStatuses = (statuses) => statuses.map((s) => s.value).filter((s) => !TERMINAL.has(s));

/**
 * `onChange()` runs after every change; `statusColors` colours the status options; `status`: the
 * statuses chosen at first, and after a reset (none: all).
 */
export function createFilters(form, { statuses, sources, statusColors, onChange, status = [] }) {
  const initial = () => new Set(status);
  const state = { status: initial(), category: "", source: "", overdue: false, supervised: false, todo: false, code: "" };
  let typing = null;
  const changed = () => onChange();

  // Status: a drop-down of check boxes with quick picks.
  const multi = el("details", "ev-multi");
  multi.id = "ev-status-filter";
  const summary = el("summary", "ev-field ev-select-like", gettext("全部状态"));
  const panel = el("div", "ev-multi-panel");
  const quick = el("div", "ev-multi-quick");
  const quickButtons = [[gettext("全选"), () => statuses.map((s) => s.value)], [gettext("未结案"),
    () => openStatuses(statuses)], [gettext("清空"), () => []]];
  for (const [label, pick] of quickButtons) {
    const b = button("ev-link", label);
    b.addEventListener("click", () => setStatuses(pick()));
    quick.append(b);
  }
  const options = el("div", "ev-multi-options");
  for (const s of statuses) options.append(checkRow("status", s.value, choice("status", s.value, s.label), { swatch: statusColors[s.value] }));
  panel.append(quick, options);
  multi.append(summary, panel);
  document.addEventListener("click", (e) => { if (multi.open && !multi.contains(e.target)) multi.open = false; });

  function syncStatusSummary() {
    for (const box of options.querySelectorAll("input")) box.checked = state.status.has(box.value);
    const n = state.status.size;
    summary.textContent = n === 0 || n === statuses.length ? gettext("全部状态")
      : n === 1 ? choice("status", [...state.status][0]) : gettext("{n} 个状态", { n });
    summary.classList.toggle("active", n > 0 && n < statuses.length);
  }

  function setStatuses(values) {
    state.status = new Set(values.length === statuses.length ? [] : values);
    syncStatusSummary();
    changed();
  }

  options.addEventListener("change", () => {
    const values = [...options.querySelectorAll("input:checked")].map((box) => box.value);
    setStatuses(values);
  });

  const category = el("select", { class: "ev-field", name: "category", "aria-label": gettext("分类") });
  category.append(el("option", { value: "" }, gettext("全部分类")));
  category.addEventListener("change", () => { state.category = category.value; changed(); });

  const source = el("select", { class: "ev-field", name: "source", "aria-label": gettext("来源") });
  source.append(el("option", { value: "" }, gettext("全部来源")));
  for (const s of sources) source.append(el("option", { value: s.value }, choice("source", s.value, s.label)));
  source.addEventListener("change", () => { state.source = source.value; changed(); });

  const code = el("input", { class: "ev-field ev-code", type: "search", name: "code", placeholder: gettext("事项编号"), "aria-label": gettext("事项编号"), autocomplete: "off",
    enterkeyhint: "search" });
  code.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.code = code.value.trim().toUpperCase(); changed(); }, TYPING_DELAY_MS);
  });

  const flags = el("div", "ev-flags");
  const flagBoxes = {};
  const flagLabels = [["overdue", gettext("已超期")], ["supervised", gettext("督办")], ["todo", gettext("我的待办")]];
  for (const [flag, label] of flagLabels) {
    const row = el("label", `ev-toggle ev-toggle-${flag}`);
    const box = el("input", { type: "checkbox", name: flag });
    box.addEventListener("change", () => { state[flag] = box.checked; changed(); });
    flagBoxes[flag] = box;
    row.append(box, el("span", "", label));
    flags.append(row);
  }

  const reset = button("ev-link ev-reset", gettext("重置"));
  reset.addEventListener("click", () => {
    Object.assign(state, { status: initial(), category: "", source: "", overdue: false, supervised: false, todo: false, code: "" });
    category.value = source.value = code.value = "";
    for (const box of Object.values(flagBoxes)) box.checked = false;
    syncStatusSummary();
    changed();
  });

  syncStatusSummary();
  form.replaceChildren(code, multi, category, source, flags, reset);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(typing);
    state.code = code.value.trim().toUpperCase();
    changed();
  });

  /** Fills the category select from the flat tree (parents as option groups). */
  async function loadCategories() {
    const categories = await getJSON("/api/v1/event-categories");
    const roots = categories.filter((c) => !c.parent);
    for (const root of roots) {
      const group = el("optgroup", { label: root.name });
      group.append(el("option", { value: root.code }, root.name));
      for (const child of categories.filter((c) => c.parent === root.code)) {
        group.append(el("option", { value: child.code }, `\u3000${child.name}`));
      }
      category.append(group);
    }
  }

  return {
    loadCategories,
    /** The list API's query parameters for the current filters. */
    params() {
      const p = new URLSearchParams();
      if (state.status.size) p.set("status", [...state.status].join(","));
      for (const key of ["category", "source", "code"]) if (state[key]) p.set(key, state[key]);
      for (const flag of ["overdue", "supervised", "todo"]) if (state[flag]) p.set(flag, "true");
      return p;
    },
    /** Whether an event's properties match (`todo` cannot be told here: it is left to the server). */
    matches(p) {
      if (state.status.size && !state.status.has(p.status)) return false;
      if (state.category && p.category !== state.category && !p.category?.startsWith(`${state.category}.`)) return false;
      if (state.source && p.source !== state.source) return false;
      if (state.overdue && !p.overdue) return false;
      if (state.supervised && !p.supervised) return false;
      if (state.code && !p.code?.startsWith(state.code)) return false;
      return true;
    },
    get todo() { return state.todo; },
    setTodo(on) {
      state.todo = on;
      flagBoxes.todo.checked = on;
      changed();
    },
  };
}
