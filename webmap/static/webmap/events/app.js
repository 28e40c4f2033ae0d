// The event screens: filters, the list and the map beside it, the detail panel with its action
// buttons and dialogs, the red dots and live updates. Everything comes from this server's API
// (already cut to the user's jurisdiction); map tiles from /tiles/, MapLibre from /static/vendor/.
import { datum } from "../datum.js";
import { pageConfig } from "../kit/config.js";
import { ApiError, getJSON } from "../kit/dom.js";
import { expose } from "../kit/hooks.js";
import { gettext } from "../kit/i18n.js";
import { loadTileJSON } from "../kit/tiles.js";
import { askAction, availableActions, postAction, postDispatch } from "./actions.js";
import { choice, setChoiceLabels } from "./choices.js";
import { STATUS_COLORS } from "./colors.js";
import { createDetail } from "./detail.js";
import { openDispatch } from "./dispatch.js";
import { createFilters } from "./filters.js";
import { createLightbox } from "./lightbox.js";
import { createList } from "./list.js";
import { createLive } from "./live.js";
import { createEventFeed } from "./feed.js";
import { createEventMap } from "./map.js";
import { createNotices } from "./notice.js";
import { createTodo } from "./todo.js";

const config = pageConfig();
const coords = datum(config.tileShift);
const $ = (id) => document.getElementById(id);
const page = $("ev-page");

setChoiceLabels({
  status: config.statuses, source: config.sources, priority: config.priorities,
  level: config.levels, action: config.actions,
});

const notify = createNotices(document.body);
const lightbox = createLightbox($("ev-lightbox"));
let map = null;
let current = null; // the full event the detail panel shows

const list = createList($("ev-list"), { onSelect: (id) => select(id, { fly: true }) });
const filters = createFilters($("ev-filters"), {
  statuses: config.statuses, sources: config.sources, statusColors: STATUS_COLORS,
  onChange: () => { todo.setActive(filters.todo); reload(); },
});
const feed = createEventFeed(filters);
const store = feed.store;
const todo = createTodo($("ev-todo"), { onTodo: () => filters.setTodo(!filters.todo) });
const detail = createDetail($("ev-detail"), {
  actionsFor: (p) => availableActions(p, config),
  onAction: (action) => act(action),
  onPhoto: (photos, index) => lightbox.open(photos, index),
  onClose: () => deselect(),
});
detail.clear();

// On a phone the filters fold away behind a button.
$("ev-filter-toggle").addEventListener("click", (e) => {
  const open = page.dataset.filters !== "open";
  page.dataset.filters = open ? "open" : "closed";
  e.currentTarget.setAttribute("aria-expanded", String(open));
});

function renderCount() {
  const shown = store.features.length;
  $("ev-count").textContent = shown < store.total ? gettext("显示 {shown} / 共 {n} 件", { shown, n: store.total }) : gettext("共 {n} 件", { n: store.total });
  $("ev-more").hidden = !store.hasMore;
}

function renderAll() {
  list.render(store.features);
  list.select(current?.id ?? null);
  map?.setEvents(store.features);
  renderCount();
}

async function reload() {
  page.dataset.loading = "true";
  try {
    await feed.load();
    renderAll();
  } catch (error) {
    if (error.name === "AbortError") return;
    $("ev-list").replaceChildren();
    notify(gettext("加载失败：{reason}", { reason: error.message }), "error");
  }
  page.dataset.loading = "false";
}

$("ev-more").addEventListener("click", async () => {
  await feed.more();
  renderAll();
});

/** Shows event `id` in the detail panel (fetched afresh: the list holds no timeline). */
async function select(id, { fly = false } = {}) {
  page.dataset.selected = "true";
  list.select(id);
  map?.select(id, { fly });
  if (current?.id !== id) detail.loading();
  try {
    show(await getJSON(`/api/v1/events/${id}`));
  } catch (error) {
    detail.error(error.message);
  }
}

function show(feature) {
  current = feature;
  detail.show(feature);
  map?.select(feature.id);
}

function deselect() {
  current = null;
  page.dataset.selected = "false";
  detail.clear();
  list.select(null);
  map?.select(null);
}

/** Puts a changed event into the list and map (or takes it out when it no longer matches). */
function absorb(feature, { flash = true } = {}) {
  if (!feed.absorb(feature)) {
    list.remove(feature.id);
    map?.setEvents(store.features);
    renderCount();
    return;
  }
  list.upsert(feature);
  map?.setEvents(store.features);
  renderCount();
  if (flash) {
    list.flash(feature.id);
    map?.flash(feature.id);
  }
}

/** Runs one workflow step on the event shown, after asking for what it needs. */
async function act(action) {
  const feature = current;
  if (!feature) return;
  const p = feature.properties;
  let body;
  if (action === "dispatch") {
    const chosen = await openDispatch($("ev-dialog"), feature, { tilejsons, coords });
    if (!chosen) return;
    body = { action, target: chosen.target, note: chosen.note };
  } else {
    body = await askAction($("ev-dialog"), action, p, config);
    if (!body) return;
  }
  const buttons = [...document.querySelectorAll("#ev-actions button")];
  buttons.forEach((b) => { b.disabled = true; });
  page.dataset.busy = "true";
  try {
    const updated = action === "dispatch" ? await postDispatch(feature.id, { ...body, version: p.version })
      : await postAction(feature.id, { ...body, version: p.version });
    if (current?.id === updated.id) show(updated);
    absorb(updated);
    notify(gettext("已{action}", { action: choice("action", action) }), "ok");
    todo.soon();
  } catch (error) {
    await refused(error, feature.id);
  } finally {
    page.dataset.busy = "false";
    buttons.forEach((b) => { b.disabled = false; });
  }
}

async function refused(error, id) {
  if (!(error instanceof ApiError)) {
    notify(gettext("网络不可用，请稍后重试"), "error");
    return;
  }
  if (error.status === 409) notify(gettext("该事项已被他人处理，请刷新"), "error");
  else if (error.status === 403) notify(gettext("无权执行此操作：{reason}", { reason: error.message }), "error");
  else notify(gettext("操作失败：{reason}", { reason: error.message }), "error");
  if (error.status === 409 || error.status === 403) {
    try {
      const fresh = await getJSON(`/api/v1/events/${id}`);
      if (current?.id === id) show(fresh);
      absorb(fresh, { flash: false });
    } catch {
      // It went out of reach meanwhile: the next selection says so.
    }
  }
}

/** A live `event` frame: fetch the event as this user may see it and update list, map and detail. */
async function onLiveEvent(frame) {
  todo.soon();
  let fresh;
  try {
    fresh = await feed.refresh(frame.id);
  } catch {
    return; // offline for a moment: the resync after reconnecting reads everything again
  }
  if (!fresh) {
    list.remove(frame.id);
    map?.setEvents(store.features);
    renderCount();
    return;
  }
  absorb(fresh);
  if (current?.id === fresh.id && fresh.properties.version > current.properties.version && !$("ev-dialog").open) show(fresh);
}

/** Back after a dropped connection: read the list and the open event again. */
function resync() {
  reload();
  todo.refresh();
  if (current && !$("ev-dialog").open) select(current.id);
}

let tilejsons = null;

async function start() {
  todo.refresh();
  filters.loadCategories().catch((error) => notify(error.message, "error"));
  const listed = reload();
  tilejsons = await loadTileJSON(["areas", "grids"]);
  map = await createEventMap($("ev-map"), { tilejsons, coords, onSelect: (id) => select(id) });
  expose("map", map.map);
  new ResizeObserver(() => map.resize()).observe($("ev-map"));
  await listed;
  map.setEvents(store.features);
  if (current) map.select(current.id);
  const socket = createLive($("ev-live-slot"), { onEvent: onLiveEvent, onResync: resync });
  window.eventsPage = { socket, select, reload, store };
  page.dataset.ready = "true";
}

start().catch((error) => {
  notify(error.message, "error");
  throw error;
});
