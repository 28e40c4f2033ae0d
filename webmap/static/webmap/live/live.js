// The live command map: the socket, the workers layer, check-in flashes and notices, the worker
// card with its replay, and the heat refresh, wired together. `window.wangge.live` exposes
// {socket, workers (Map id → item), state} for operators' consoles and the browser tests.
import { getJSON } from "../kit/dom.js";
import { formatShortClock } from "../kit/format.js";
import { expose } from "../kit/hooks.js";
import { gettext } from "../kit/i18n.js";
import { createStatusPill } from "../kit/status.js";
import { reloadTiles } from "../kit/tiles.js";
import { createHeatRefresher } from "../layers/heat.js";
import { actionName } from "../names.js";
import { createWorkerCard } from "./card.js";
import { createCheckinFlashes } from "./checkins.js";
import { createReplay } from "./replay.js";
import { LiveSocket } from "./socket.js";
import { createToasts } from "./toasts.js";
import { createWorkersLayer } from "./workers.js";

const VIEWPORT_DEBOUNCE_MS = 300;
const RESYNC_MIN_MS = 5000;
const DEFAULT_LAYERS = ["workers", "checkins", "events", "notices", "overview"];

/** [w, s, e, n] grown by half its size on each side, so small pans stay inside what the server sends. */
function padded([w, s, e, n]) {
  const dx = (e - w) / 2;
  const dy = (n - s) / 2;
  return [Math.max(-180, w - dx), Math.max(-90, s - dy), Math.min(180, e + dx), Math.min(90, n + dy)];
}

const contains = (outer, inner) =>
  outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
const round = (v) => Math.round(v * 1e6) / 1e6;

/**
 * `coords`: the map's datum converters; `parent`: the map's container (notices, indicator);
 * `infoBody`: where the worker card goes; `fit([[w, s], [e, n]])` frames map-datum bounds;
 * `onFrame(frame)` hears the frames others act on (`event`, `events`, `overview`); `onOpenEvent(frame)`
 * runs when an event's notice is clicked (after the map flew there).
 */
export function createLive(map, { coords, parent, infoBody, fit, onFrame = () => {}, onOpenEvent = () => {} }) {
  const roster = new Map(); // id → {user, name, grid}
  const on = new Set(DEFAULT_LAYERS);
  const state = { connection: "closed", connects: 0, snapshots: 0, frames: 0, checkins: 0, events: 0 };
  let panel = null;

  const indicator = createStatusPill(parent, { id: "live-indicator", className: "live-indicator", prefix: "live" });
  const toasts = createToasts(parent);
  const heat = createHeatRefresher(map);
  const flashes = createCheckinFlashes(map, { toMap: coords.toMap });
  const replay = createReplay(map, { toMap: coords.toMap, fit });
  const layer = createWorkersLayer(map, {
    toMap: coords.toMap,
    nameOf: (id) => roster.get(id)?.name ?? "",
    onChange(counts) {
      indicator.setCount(counts.total);
      panel?.setCount("workers", counts.total);
      for (const [status, n] of Object.entries(counts)) panel?.setCount(`workers:${status}`, n);
    },
  });
  const card = createWorkerCard(infoBody, { layer, person: (id) => roster.get(id), replay });

  function flyTo(lonLat) {
    map.flyTo({ center: coords.toMap(lonLat), zoom: Math.max(map.getZoom(), 16) });
  }

  function onCheckin(frame) {
    state.checkins += 1;
    flashes.flash(frame);
    const where = frame.inside ? gettext("网格内") : gettext("网格外 {m} 米", { m: Math.round(frame.distance_m) });
    toasts.show({
      badge: frame.kind === "out" ? gettext("签退") : gettext("签到"),
      title: frame.name || gettext("人员 #{id}", { id: frame.user }),
      detail: frame.accepted ? where : `${where} · ${gettext("未生效")}`,
      tone: !frame.accepted ? "alert" : frame.kind === "out" ? "muted" : "ok",
      time: formatShortClock(frame.time),
      data: { kind: "checkin", user: String(frame.user), checkin: frame.kind },
      onClick: () => { flyTo([frame.lon, frame.lat]); showWorker(frame.user); },
    });
    // Duty changed: show it at once rather than with the worker's next fix.
    const item = layer.workers.get(frame.user);
    if (item && (frame.accepted || frame.kind === "out")) {
      const status = frame.kind === "out" ? "off_duty" : frame.inside ? "on_duty" : "outside";
      layer.applyPositions([{ ...item, status }]);
    }
    card.refreshIf(frame.user);
  }

  // An event frame (events/live.py): id, event (its code), title, status, level, priority,
  // lon, lat, supervised, overdue and the workflow `action` that sent it.
  function onEvent(frame) {
    state.events += 1;
    const at = Number.isFinite(frame.lon) && Number.isFinite(frame.lat) ? [frame.lon, frame.lat] : null;
    const urgent = frame.overdue || frame.supervised || ["escalate", "supervise", "overdue"].includes(frame.action) || frame.priority >= 3;
    const done = ["resolve", "close", "self_handle"].includes(frame.action);
    const action = frame.action ? actionName(frame.action) : "";
    toasts.show({
      badge: action && action !== frame.action ? action : gettext("事项"),
      title: frame.title || gettext("事项"),
      detail: [gettext("事项"), frame.event].filter(Boolean).join(" · "),
      tone: urgent ? "alert" : done ? "ok" : "info",
      data: { kind: "event", event: String(frame.id ?? "") },
      onClick: at ? () => { flyTo(at); onOpenEvent(frame); } : undefined,
    });
  }

  // A dispatch notice (militia/dispatch.py): who was sent where, shown to every map of its street.
  function onNotice(frame) {
    const at = Number.isFinite(frame.lon) && Number.isFinite(frame.lat) ? [frame.lon, frame.lat] : null;
    toasts.show({
      badge: gettext("调度"),
      title: frame.title,
      detail: `${frame.sender} → ${(frame.forces || []).map((f) => f.name).join("、")}`,
      tone: "alert",
      data: { kind: "notice", notice: String(frame.id) },
      onClick: at ? () => flyTo(at) : undefined,
    });
  }

  function onMessage(frame) {
    if (frame.type === "positions" && Array.isArray(frame.workers)) {
      if (frame.snapshot) {
        state.snapshots += 1;
        layer.applySnapshot(frame.workers);
      } else {
        state.frames += 1;
        layer.applyPositions(frame.workers);
      }
    } else if (frame.type === "checkin") onCheckin(frame);
    else if (frame.type === "event") onEvent(frame);
    if (["event", "events", "overview"].includes(frame.type)) onFrame(frame);
    else if (frame.type === "heat") heat.changed();
    else if (frame.type === "notice") onNotice(frame);
    else if (frame.type === "areas_changed") reloadTiles(map, frame.layers);
    else if (frame.type === "error") console.warn("live map:", frame.detail);
    // Frame types added later are ignored until the map learns them.
  }

  const socket = new LiveSocket({
    onMessage,
    onState(connection) {
      state.connection = connection;
      state.connects = socket.connects;
      indicator.setState(connection);
    },
  });

  // The server sends only what is inside the viewport we name. When the view leaves the area we
  // last named, the workers now in sight may have moved unseen: a reconnect brings a snapshot.
  let named = null;
  let lastResync = 0;
  let resyncTimer = 0;
  function resync() {
    clearTimeout(resyncTimer);
    const wait = RESYNC_MIN_MS - (performance.now() - lastResync);
    if (wait > 0) {
      resyncTimer = setTimeout(resync, wait);
      return;
    }
    lastResync = performance.now();
    socket.reconnectNow();
  }

  function sendViewport() {
    const b = map.getBounds();
    const [w, s] = coords.toWgs84([b.getWest(), b.getSouth()]);
    const [e, n] = coords.toWgs84([b.getEast(), b.getNorth()]);
    const visible = [Math.max(-180, w), Math.max(-90, s), Math.min(180, e), Math.min(90, n)];
    if (!(visible[0] < visible[2] && visible[1] < visible[3])) return;
    const stale = named && !contains(named, visible);
    named = padded(visible).map(round);
    socket.setViewport(named, Math.round(map.getZoom() * 10) / 10);
    if (stale && on.has("workers") && socket.state === "open") resync();
  }
  let viewportTimer = 0;
  map.on("moveend", () => {
    clearTimeout(viewportTimer);
    viewportTimer = setTimeout(sendViewport, VIEWPORT_DEBOUNCE_MS);
  });

  function showWorker(id) {
    layer.select(id);
    card.show(id);
  }

  const live = {
    socket,
    workers: layer.workers,
    state,
    layer,
    toasts,
    flashes,
    displayed: (id) => layer.displayed(id),
    /** Handles a frame as if the socket had sent it. */
    receive: onMessage,
    showWorker,
    deselect() {
      if (layer.selected === null && card.shownId === null) return;
      layer.select(null);
      card.hide();
    },
    expandCluster: (clusterId, lngLat) => layer.expandCluster(clusterId, lngLat),
    /** The layer panel's counts. */
    bindPanel(layerPanel) {
      panel = layerPanel;
      layer.changed();
    },
    /** A live group switched in the layer panel: tell the server what we now want. */
    setLayer(key, visible) {
      const layers = { workers: "workers", checkins: "checkins", heat: "heat", events: "events" };
      if (!layers[key]) return;
      if (visible) on.add(layers[key]);
      else on.delete(layers[key]);
      socket.setLayers(on);
      if (key === "workers" && visible) socket.reconnectNow(); // positions were not sent while off
      if (key === "heat" && visible) heat.changed();
    },
    async start() {
      socket.setLayers(on);
      sendViewport();
      socket.start();
      try {
        const { workers } = await getJSON("/api/v1/live/workers");
        for (const w of workers) roster.set(w.id, w);
        layer.changed();
      } catch (error) {
        console.warn("live map: no roster", error.message);
      }
    },
  };
  expose("live", live);
  return live;
}
