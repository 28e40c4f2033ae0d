// The wall's shell: the screen switcher, auto-rotation, the clock, the centre map, and the live
// refresh — the live-map socket says when the summary tables were refreshed (or an event changed)
// and a short poll covers a lost socket. Each screen is one module in ./screens/ exporting
// `render({ view, map, data, drill, dispatch })`. `window.wangge.wall` exposes the state for tests.
import { el, getJSON } from "../webmap/kit/dom.js";
import { formatClock, formatDay } from "../webmap/kit/format.js";
import { expose } from "../webmap/kit/hooks.js";
import { gettext } from "../webmap/kit/i18n.js";
import { dispatchFromWall } from "./dispatch.js";
import { createWallMap } from "./map.js";
import { createView } from "./view.js";

const config = JSON.parse(document.getElementById("wall-config").textContent);
const $ = (id) => document.getElementById(id);
const wall = expose("wall", { screen: config.screen, data: null, rendered: 0, map: null, dispatched: 0 });

async function drill(title, link) {
  $("wall-drill-title").textContent = title;
  const body = $("wall-drill-body");
  body.replaceChildren(el("div", { class: "empty" }, "…"));
  $("wall-drill").hidden = false;
  try {
    const data = await getJSON(link);
    const items = data.features?.map((f) => ({ id: f.id, ...f.properties }))
      ?? data.results ?? (Array.isArray(data) ? data : [data]);
    const keys = items.length ? Object.keys(items[0]).filter((k) => typeof items[0][k] !== "object").slice(0, 6) : [];
    const table = el("table", { class: "rows" }, el("tr", {}, ...keys.map((k) => el("th", {}, k))));
    for (const item of items.slice(0, 200)) table.append(el("tr", {}, ...keys.map((k) => el("td", {}, String(item[k] ?? "")))));
    body.replaceChildren(items.length ? table : el("div", { class: "empty" }, gettext("暂无数据")));
  } catch (error) {
    body.replaceChildren(el("div", { class: "empty" }, error.message));
  }
}
$("wall-drill-close").addEventListener("click", () => { $("wall-drill").hidden = true; });

/** Dispatch an overdue event from the wall, then read the screen again (its figures and list change). */
async function dispatch(id) {
  try {
    if (!(await dispatchFromWall(id, wall.map))) return;
    wall.dispatched += 1;
    await load();
  } catch (error) {
    $("wall-drill-title").textContent = gettext("下派");
    $("wall-drill-body").replaceChildren(el("div", { class: "empty" }, error.message));
    $("wall-drill").hidden = false;
  }
}

const view = createView({ kpis: $("wall-kpis"), left: $("wall-left"), right: $("wall-right"), legend: $("wall-legend"), drill });

function renderSwitcher() {
  $("wall-switch").replaceChildren(...config.screens.map((s) => {
    const link = el("a", { href: `/screens/${s.name}/`, dataset: { screen: s.name } }, s.title);
    if (s.name === wall.screen) link.setAttribute("aria-current", "page");
    link.addEventListener("click", (e) => { e.preventDefault(); show(s.name); });
    return link;
  }));
}

async function show(name, { push = true } = {}) {
  wall.screen = name;
  if (push) history.pushState({ name }, "", `/screens/${name}/${location.search}`);
  renderSwitcher();
  await load();
}

async function load() {
  const name = wall.screen;
  const [module, data] = await Promise.all([import(`./screens/${name}.js`), getJSON(`/api/v1/screens/${name}`)]);
  wall.map = await mapReady;
  if (name !== wall.screen) return; // switched meanwhile
  wall.data = data;
  view.reset();
  wall.map.clear();
  $("wall-area").textContent = data.area.name;
  $("wall-refreshed").textContent = `${gettext("更新于")} ${formatClock(data.refreshed_at)}`;
  module.render({ view, map: wall.map, data, drill, dispatch });
  view.resize(); // panels added after a chart changed its size
  wall.rendered += 1;
  document.body.dataset.screen = name;
}

let pending = null;
function soon() { clearTimeout(pending); pending = setTimeout(() => load().catch(console.warn), 1500); }

function connect() {
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/map/`);
  socket.addEventListener("open", () => socket.send(JSON.stringify({ type: "layers", layers: ["screens", "events"] })));
  socket.addEventListener("message", (m) => {
    const frame = JSON.parse(m.data);
    if (frame.type === "screens" || frame.type === "event") soon();
  });
  socket.addEventListener("close", () => setTimeout(connect, 10_000));
}

let rotation = null;
function rotate(on) {
  clearInterval(rotation);
  $("wall-rotate").setAttribute("aria-pressed", String(on));
  if (on) {
    rotation = setInterval(() => {
      const names = config.screens.map((s) => s.name);
      show(names[(names.indexOf(wall.screen) + 1) % names.length]);
    }, config.rotateSeconds * 1000);
  }
}
$("wall-rotate").addEventListener("click", () => rotate($("wall-rotate").getAttribute("aria-pressed") !== "true"));
window.addEventListener("popstate", (e) => { if (e.state?.name) show(e.state.name, { push: false }); });
window.addEventListener("resize", () => view.resize());

function tick() { $("wall-clock").textContent = `${formatDay(Date.now())} ${formatClock(Date.now())}`; }
tick();
setInterval(tick, 1000);

const mapReady = createWallMap($("wall-map"), config);
renderSwitcher();
await load();
setInterval(() => load().catch(console.warn), config.pollSeconds * 1000);
connect();
rotate(new URLSearchParams(location.search).has("rotate"));
