// The phone's notices (通知) and, for militia members, their tasks with clock-in: a small module of
// the worker page. Notices arrive on the inbox socket (/ws/inbox/) the moment they are sent and are
// listed from /api/v1/notices; opening one records the read receipt. `window.wangge.notices` exposes
// the state for the browser tests.
import { datum } from "../datum.js";
import { createMap } from "../kit/basemap.js";
import { pageConfig, socketUrl } from "../kit/config.js";
import { el, getJSON, postJSON } from "../kit/dom.js";
import { formatShort } from "../kit/format.js";
import { expose } from "../kit/hooks.js";
import { gettext } from "../kit/i18n.js";

const list = document.getElementById("mi-notices");
const badge = document.getElementById("mi-unread");
const state = { connected: false, notices: [], received: 0 };
expose("notices", state);

const coords = datum(pageConfig().tileShift);

/** A GeoJSON geometry's positions in map coordinates (GCJ-02 over such a base map). */
function toMap(geometry) {
  const walk = (c) => (typeof c[0] === "number" ? coords.toMap(c) : c.map(walk));
  return { ...geometry, coordinates: walk(geometry.coordinates) };
}

function noticeMap(node, n) {
  if (typeof maplibregl === "undefined" || n.lon == null) return;
  const box = el("div", "mi-notice-map");
  node.append(box);
  const features = [{ type: "Feature", geometry: toMap({ type: "Point", coordinates: [n.lon, n.lat] }), properties: {} }];
  if (n.area) features.push({ type: "Feature", geometry: toMap(JSON.parse(n.area)), properties: {} });
  const map = createMap(box, {
    navigation: false, scale: 0,
    options: { center: coords.toMap([n.lon, n.lat]), zoom: 14, interactive: false, attributionControl: false },
  });
  map.on("error", () => {}); // a tile that cannot load must not clutter the console
  map.once("load", () => {
    const shift = pageConfig().tileShift ? `?shift=${pageConfig().tileShift}` : "";
    map.addSource("grids", {
      type: "vector", tiles: [`${location.origin}/tiles/grids/{z}/{x}/{y}.pbf${shift}`], minzoom: 11, maxzoom: 16,
    });
    map.addSource("notice", { type: "geojson", data: { type: "FeatureCollection", features } });
    map.addLayer({
      id: "grids", type: "line", source: "grids", "source-layer": "grids",
      paint: { "line-color": "#94a3b8", "line-width": 1 },
    });
    map.addLayer({
      id: "area", type: "fill", source: "notice", filter: ["==", "$type", "Polygon"],
      paint: { "fill-color": "#dc2626", "fill-opacity": 0.2 },
    });
    map.addLayer({
      id: "spot", type: "circle", source: "notice", filter: ["==", "$type", "Point"],
      paint: { "circle-radius": 7, "circle-color": "#dc2626", "circle-stroke-color": "#fff", "circle-stroke-width": 2 },
    });
  });
}

function render() {
  const unread = state.notices.filter((n) => !n.read_at).length;
  badge.dataset.count = String(unread);
  badge.textContent = unread ? String(unread) : "";
  if (!state.notices.length) {
    list.replaceChildren(el("li", "mi-meta", gettext("暂无通知")));
    return;
  }
  list.replaceChildren(...state.notices.map((n) => {
    const li = el("li", { class: `mi-notice${n.read_at ? "" : " unread"}`, dataset: { id: String(n.id) } });
    li.append(el("h3", "", n.title), el("div", "mi-meta", `${gettext("来自 {name}", { name: n.sender })} · ${formatShort(n.time)}`));
    if (n.body) li.append(el("p", "", n.body));
    if (n.photo) li.append(el("img", { src: n.photo, alt: gettext("现场照片"), loading: "lazy" }));
    noticeMap(li, n);
    li.append(el("div", "mi-meta mi-read-state", n.read_at ? `${gettext("已读")} ${formatShort(n.read_at)}` : ""));
    if (!n.read_at) {
      const read = el("button", { class: "mi-button", type: "button" }, gettext("标为已读"));
      read.addEventListener("click", () => markRead(n.id));
      li.append(read);
    }
    return li;
  }));
}

async function markRead(id) {
  const updated = await postJSON(`/api/v1/notices/${id}/read`, {});
  state.notices = state.notices.map((n) => (n.id === id ? updated : n));
  render();
}

async function load() {
  const body = await getJSON("/api/v1/notices");
  state.notices = body.notices;
  render();
}

function connect(delay = 1000) {
  const socket = new WebSocket(socketUrl("inbox"));
  socket.addEventListener("open", () => { state.connected = true; load().catch(() => {}); });
  socket.addEventListener("message", (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type !== "notice") return;
    state.received += 1;
    state.notices = [frame, ...state.notices.filter((n) => n.id !== frame.id)];
    render();
    if (navigator.vibrate) navigator.vibrate(200);
  });
  socket.addEventListener("close", () => {
    state.connected = false;
    setTimeout(() => connect(Math.min(delay * 2, 30000)), delay);
  });
}

async function loadTasks() {
  const box = document.getElementById("mi-tasks");
  if (!box) return;
  const { tasks } = await getJSON("/api/v1/militia/my-tasks");
  const message = document.getElementById("mi-clock-status");
  box.replaceChildren(...(tasks.length ? tasks.map((task) => {
    const li = el("li", { class: "mi-notice", dataset: { id: String(task.id) } });
    const go = el("button", { class: "mi-button mi-primary", type: "button" }, gettext("任务打卡"));
    go.addEventListener("click", () => {
      message.textContent = gettext("定位中…");
      navigator.geolocation.getCurrentPosition(async (position) => {
        const c = position.coords;
        try {
          const body = await postJSON(`/api/v1/militia/tasks/${task.id}/clockin`,
            { lon: c.longitude, lat: c.latitude, accuracy_m: c.accuracy });
          const m = Math.round(body.distance_m);
          message.textContent = body.on_site ? gettext("打卡成功，距任务地点 {m} 米", { m })
            : gettext("已打卡，但距任务地点 {m} 米（超出范围）", { m });
        } catch (error) {
          message.textContent = gettext("失败：{reason}", { reason: error.message });
        }
      }, (error) => { message.textContent = gettext("失败：{reason}", { reason: error.message }); });
    });
    li.append(el("h3", "", task.title), el("div", "mi-meta", formatShort(task.starts_at)), go);
    return li;
  }) : [el("li", "mi-meta", gettext("暂无任务"))]));
}

load().catch(() => {});
loadTasks().catch(() => {});
connect();

