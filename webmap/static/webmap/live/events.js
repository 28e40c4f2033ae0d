// The command map's events: the event layer (../layers/events.js) filled from the list API under
// the filters the event screens use (../events/filters.js, here in the layer panel), kept current by
// the socket's `event` frames, and the event card with its action buttons in the details panel
// (../events/detail.js, actions.js, dispatch.js — the same card as on /events/).
import { askAction, availableActions, postAction, postDispatch } from "../events/actions.js";
import { choice, setChoiceLabels } from "../events/choices.js";
import { STATUS_COLORS } from "../events/colors.js";
import { createDetail } from "../events/detail.js";
import { openDispatch } from "../events/dispatch.js";
import { createEventFeed } from "../events/feed.js";
import { createFilters, openStatuses } from "../events/filters.js";
import { createLightbox } from "../events/lightbox.js";
import { createNotices } from "../events/notice.js";
import { ApiError, el, getJSON } from "../kit/dom.js";
import { gettext } from "../kit/i18n.js";
import { createEventLayer } from "../layers/events.js";

/**
 * `config`: the page config (choices, workflow, user); `coords`: the map's datum converters;
 * `tilejsons`: for the dispatch dialog's mini map; `infoBody`: where the card goes; `showCard()`
 * opens the details panel; `onCounts(total, byStatus)`. The filters' form (`filterForm`) is the
 * caller's to place (the layer panel, built after the layer exists).
 */
export function createMapEvents(map, { config, coords, tilejsons, infoBody, showCard, onClose, onCounts }) {
  setChoiceLabels({
    status: config.statuses, source: config.sources, priority: config.priorities,
    level: config.levels, action: config.actions,
  });
  const layer = createEventLayer(map, { toMap: coords.toMap });
  const notify = createNotices(document.body);
  const dialog = el("dialog", { id: "ev-dialog", class: "ev-dialog" });
  const lightboxDialog = el("dialog", { id: "ev-lightbox", class: "ev-lightbox" });
  document.body.append(dialog, lightboxDialog);
  const lightbox = createLightbox(lightboxDialog);
  const form = el("form", { id: "map-ev-filters", class: "ev-filters map-ev-filters", role: "search", autocomplete: "off" });
  const filters = createFilters(form, {
    statuses: config.statuses, sources: config.sources, statusColors: STATUS_COLORS,
    status: openStatuses(config.statuses), onChange: () => reload(),
  });
  const feed = createEventFeed(filters);
  const card = el("div", { class: "ev-card", id: "map-ev-card" });
  let current = null; // the full event the card shows
  let selectedId = null;

  const detail = createDetail(card, {
    actionsFor: (p) => availableActions(p, config),
    onAction: (action) => act(action),
    onPhoto: (photos, index) => lightbox.open(photos, index),
    onClose: () => onClose(),
  });

  function render() {
    layer.setEvents(feed.store.features);
    const byStatus = {};
    for (const f of feed.store.features) byStatus[f.properties.status] = (byStatus[f.properties.status] ?? 0) + 1;
    onCounts(feed.store.features.length, byStatus);
  }

  async function reload() {
    try {
      await feed.load();
    } catch (error) {
      if (error.name !== "AbortError") notify(gettext("加载失败：{reason}", { reason: error.message }), "error");
      return;
    }
    render();
    layer.select(selectedId);
  }

  function flyTo(id) {
    const at = layer.at(id) ?? (current?.id === id ? coords.toMap(current.geometry.coordinates) : null);
    if (at) map.flyTo({ center: at, zoom: Math.max(map.getZoom(), 16) });
  }

  function show(feature) {
    current = feature;
    detail.show(feature);
  }

  /** Shows event `id` in the card (read afresh: the layer holds no timeline). */
  async function select(id, { fly = false } = {}) {
    selectedId = id;
    layer.select(id);
    if (!card.isConnected) infoBody.replaceChildren(card);
    showCard();
    if (current?.id !== id) detail.loading();
    if (fly) flyTo(id);
    try {
      const feature = await getJSON(`/api/v1/events/${id}`);
      if (selectedId !== id) return;
      show(feature);
      if (fly && !layer.has(id)) flyTo(id);
    } catch (error) {
      if (selectedId === id) detail.error(error.message);
    }
  }

  function deselect() {
    selectedId = null;
    current = null;
    layer.select(null);
    card.remove();
  }

  function absorb(feature, { flash = true } = {}) {
    feed.absorb(feature);
    render();
    if (flash) layer.flash(feature.id);
  }

  async function act(action, chosen = null) {
    const feature = current;
    if (!feature) return;
    const p = feature.properties;
    let body;
    if (action === "dispatch") {
      const target = chosen ?? await openDispatch(dialog, feature, { tilejsons, coords });
      if (!target) return;
      body = { action, target: target.target, note: target.note ?? "" };
    } else {
      body = await askAction(dialog, action, p, config);
      if (!body) return;
    }
    try {
      const updated = action === "dispatch" ? await postDispatch(feature.id, { ...body, version: p.version })
        : await postAction(feature.id, { ...body, version: p.version });
      if (current?.id === updated.id) show(updated);
      absorb(updated);
      notify(gettext("已{action}", { action: choice("action", action) }), "ok");
    } catch (error) {
      if (!(error instanceof ApiError)) notify(gettext("网络不可用，请稍后重试"), "error");
      else if (error.status === 409) notify(gettext("该事项已被他人处理，请刷新"), "error");
      else notify(gettext("操作失败：{reason}", { reason: error.message }), "error");
      if (error instanceof ApiError && selectedId === feature.id) select(feature.id);
    }
  }

  /** A live `event` frame: read the event as this user may see it; update the layer and the card. */
  async function receive(frame) {
    if (!Number.isInteger(frame.id)) return;
    let fresh;
    try {
      fresh = await feed.refresh(frame.id);
    } catch {
      return; // offline for a moment: the snapshot after reconnecting reloads everything
    }
    if (!fresh) {
      render();
      return;
    }
    absorb(fresh);
    if (current?.id === fresh.id && fresh.properties.version > current.properties.version && !dialog.open) show(fresh);
  }

  filters.loadCategories().catch(() => {});
  return {
    layer, filters, feed, select, deselect, receive, reload, filterForm: form,
    get current() { return current; },
    get selectedId() { return selectedId; },
    /** Dispatches the event shown to a worker (`username`) found nearby. */
    dispatchTo: (username, name) => act("dispatch", { target: `user:${username}`, label: name, note: "" }),
    /** Whether the user may dispatch the event shown. */
    mayDispatch: () => Boolean(current && availableActions(current.properties, config).includes("dispatch")),
  };
}
