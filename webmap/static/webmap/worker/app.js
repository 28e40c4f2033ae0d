// The grid worker's phone app. 首页: check in and out, share the phone's position while on duty
// (queued in localStorage, uploaded every FLUSH_MS and whenever the network returns) and today's
// distance and coverage from the worker card; 上报, 待办, 寻访 and 我的 are their own modules. Every
// other write goes through one IndexedDB queue (queue.js); a service worker keeps the app shell
// (pwa.js). `window.wangge.worker` exposes the pieces for tests.
import { pageConfig } from "../kit/config.js";
import { getJSON } from "../kit/dom.js";
import { formatClock, formatKm, formatPercent } from "../kit/format.js";
import { expose } from "../kit/hooks.js";
import { gettext } from "../kit/i18n.js";
import { createDuty } from "./duty.js";
import { Outbox } from "./outbox.js";
import { createPending } from "./pending.js";
import { forgetOnLogout, keepGridTiles, registerServiceWorker } from "./pwa.js";
import { Queue } from "./queue.js";
import { createReport } from "./report.js";
import { createTabs } from "./tabs.js";
import { createTodo } from "./todo.js";
import { createTracker, currentPosition } from "./tracker.js";
import { createVisits } from "./visits.js";

const FLUSH_MS = 15000;
const STATS_MS = 60000;
const FRESH_MS = 30000; // a shared reading this recent is good enough to check in with

const config = pageConfig();
const $ = (id) => document.getElementById(id);

let lastPosition = null;
let firstFix = false;

function renderQueue(box) {
  const queue = $("queue-count");
  queue.dataset.count = String(box.length);
  queue.textContent = box.length ? gettext("待上传 {n} 个定位点", { n: box.length }) : gettext("已全部上传");
  const parts = [];
  if (box.uploaded) parts.push(gettext("已上传 {n}", { n: box.uploaded }));
  if (box.rejected) parts.push(gettext("{n} 个被拒收", { n: box.rejected }));
  if (box.lastUpload) parts.push(gettext("上次上传 {time}", { time: formatClock(box.lastUpload) }));
  $("queue-detail").textContent = parts.join(" · ");
  const problem = $("queue-problem");
  const offline = !navigator.onLine || box.error === "offline";
  problem.hidden = !offline && !box.error;
  problem.textContent = offline ? gettext("当前离线，定位点已保存，恢复网络后自动上传") : box.error ? gettext("上传失败（{reason}），稍后重试", { reason: box.error }) : "";
  document.body.classList.toggle("is-offline", !navigator.onLine);
  pending?.render();
}

function renderPosition(position) {
  const c = position.coords;
  $("position-value").textContent = `${c.longitude.toFixed(6)}, ${c.latitude.toFixed(6)}`;
  $("position-detail").textContent = `${gettext("精度 {m} 米", { m: Math.round(c.accuracy) })} · ${formatClock(position.timestamp)}`;
}

function showGeoError(error) {
  $("position-detail").textContent = gettext("无法获取位置：{reason}", { reason: error.message || error.code });
}

let pending = null;
const outbox = new Outbox(`wangge.outbox.${config.user.username}`, { onChange: renderQueue });
let report = null;
let visits = null;
let todo = null;
const queue = new Queue(config.user.username, {
  onChange: () => pending?.render(),
  onSent(item, reply) {
    if (item.kind === "event") report?.sent(item, reply);
    else if (item.kind === "visit") visits?.sent(item, reply);
    else if (item.kind === "duty") duty.refresh();
    if (item.kind === "action" && !queue.items.some((i) => i.kind === "action")) todo?.refresh();
  },
});
pending = createPending({ queue, outbox, $ });
const tracker = createTracker({
  onFix(fix, position) {
    lastPosition = position;
    renderPosition(position);
    outbox.add(fix);
    if (firstFix) { // upload the first reading at once, so the command map sees the worker now
      firstFix = false;
      outbox.flush();
    }
  },
  onError: showGeoError,
});

const shareKey = `wangge.share.${config.user.username}`;
const shareSwitch = $("share-switch");
shareSwitch.checked = localStorage.getItem(shareKey) === "on";

async function position() {
  if (lastPosition && Date.now() - lastPosition.timestamp < FRESH_MS) return lastPosition;
  const reading = await currentPosition();
  lastPosition = reading;
  renderPosition(reading);
  return reading;
}

let statsAt = 0;
async function refreshStats() {
  statsAt = Date.now();
  try {
    const card = await getJSON(`/api/v1/workers/${encodeURIComponent(config.user.username)}/card`);
    $("stat-distance").textContent = formatKm(card.distance_m);
    $("stat-coverage").textContent = formatPercent(card.coverage);
    $("stat-checkins").textContent = String(card.checkins ?? 0);
    $("stat-visits").textContent = String(card.visits ?? 0);
  } catch {
    // Figures keep their last values; the next refresh tries again.
  }
}

const duty = createDuty({
  checkInButton: $("checkin-button"),
  checkOutButton: $("checkout-button"),
  statusEl: $("duty-status"),
  messageEl: $("duty-message"),
  position,
  queue,
  onChange() {
    applySharing();
    refreshStats();
  },
});

function applySharing() {
  const onDuty = duty.status.on_duty;
  shareSwitch.disabled = !onDuty;
  $("share-hint").textContent = onDuty ? gettext("在岗期间每 15 秒上传一次定位") : gettext("签到后可上报位置");
  document.body.classList.toggle("is-sharing", onDuty && shareSwitch.checked);
  if (onDuty && shareSwitch.checked) {
    if (!tracker.running) {
      firstFix = true;
      tracker.start();
    }
  } else if (tracker.running) {
    tracker.stop();
    outbox.flush();
  }
}

shareSwitch.addEventListener("change", () => {
  localStorage.setItem(shareKey, shareSwitch.checked ? "on" : "off");
  applySharing();
});
window.addEventListener("online", () => { renderQueue(outbox); outbox.flush(); queue.flush(); });
window.addEventListener("offline", () => renderQueue(outbox));
setInterval(() => {
  outbox.flush();
  queue.flush();
  if (Date.now() - statsAt > STATS_MS) refreshStats();
}, FLUSH_MS);

renderQueue(outbox);
if (!config.grid) {
  $("checkin-button").disabled = true;
  $("checkout-button").disabled = true;
  $("duty-message").hidden = false;
  $("duty-message").dataset.tone = "alert";
  $("duty-message").textContent = gettext("您不是网格成员，无法签到签退");
} else {
  duty.refresh();
}
outbox.flush(); // anything left from an earlier visit

report = createReport({ queue, $ });
todo = createTodo({
  queue,
  $,
  onCount(n) {
    $("todo-badge").hidden = !n;
    $("todo-badge").textContent = String(n);
  },
});
visits = createVisits({ queue, $, lastPosition: () => lastPosition });
const tabs = createTabs({
  onShow(name) {
    if (name === "report") {
      report.ensureMap();
      report.map.map.resize();
      if (!report.map.pin()) report.locate();
    } else if (name === "todo") todo.refresh();
    else if (name === "visits") visits.refresh();
  },
});
report.loadCategories();
todo.refresh();
queue.ready.then(() => {
  for (const item of queue.items) if (item.kind === "visit") visits.results.set(item.meta.place, { state: "queued" });
  queue.flush();
});
forgetOnLogout($("logout-form"));
tabs.show(window.location.hash.slice(1) || "home");
const serviceWorker = registerServiceWorker().then((registration) => {
  if (registration) keepGridTiles();
  return registration;
});

expose("worker", {
  outbox, tracker, duty, queue, report, todo, visits, tabs, serviceWorker, config,
  flush: () => Promise.all([outbox.flush(), queue.flush()]),
});
