// The grid worker's phone page: check in and out, share the phone's position while on duty
// (queued in localStorage, uploaded every FLUSH_MS and whenever the network returns) and today's
// distance and coverage from the worker card. `window.wanggeWorker` exposes the pieces for tests.
import { getJSON } from "../api.js";
import { formatClock, formatKm, formatPercent } from "../format.js";
import { applyI18n, t } from "../i18n.js";
import { createDuty } from "./duty.js";
import { Outbox } from "./outbox.js";
import { createTracker, currentPosition } from "./tracker.js";

const FLUSH_MS = 15000;
const STATS_MS = 60000;
const FRESH_MS = 30000; // a shared reading this recent is good enough to check in with

const config = JSON.parse(document.getElementById("worker-config").textContent);
const $ = (id) => document.getElementById(id);
applyI18n();

let lastPosition = null;
let firstFix = false;

function renderQueue(box) {
  const queue = $("queue-count");
  queue.dataset.count = String(box.length);
  queue.textContent = box.length ? t("queue", { n: box.length }) : t("queue_empty");
  const parts = [];
  if (box.uploaded) parts.push(t("uploaded", { n: box.uploaded }));
  if (box.rejected) parts.push(t("rejected_fixes", { n: box.rejected }));
  if (box.lastUpload) parts.push(t("last_upload", { time: formatClock(box.lastUpload) }));
  $("queue-detail").textContent = parts.join(" · ");
  const problem = $("queue-problem");
  const offline = !navigator.onLine || box.error === "offline";
  problem.hidden = !offline && !box.error;
  problem.textContent = offline ? t("offline") : box.error ? t("upload_failed", { reason: box.error }) : "";
  document.body.classList.toggle("is-offline", !navigator.onLine);
}

function renderPosition(position) {
  const c = position.coords;
  $("position-value").textContent = `${c.longitude.toFixed(6)}, ${c.latitude.toFixed(6)}`;
  $("position-detail").textContent = `${t("accuracy", { m: Math.round(c.accuracy) })} · ${formatClock(position.timestamp)}`;
}

function showGeoError(error) {
  $("position-detail").textContent = t("geo_error", { reason: error.message || error.code });
}

const outbox = new Outbox(`wangge.outbox.${config.username}`, { onChange: renderQueue });
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

const shareKey = `wangge.share.${config.username}`;
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
    const card = await getJSON(`/api/v1/workers/${encodeURIComponent(config.username)}/card`);
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
  onChange() {
    applySharing();
    refreshStats();
  },
});

function applySharing() {
  const onDuty = duty.status.on_duty;
  shareSwitch.disabled = !onDuty;
  $("share-hint").textContent = onDuty ? t("share_hint") : t("share_needs_duty");
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
window.addEventListener("online", () => { renderQueue(outbox); outbox.flush(); });
window.addEventListener("offline", () => renderQueue(outbox));
setInterval(() => {
  outbox.flush();
  if (Date.now() - statsAt > STATS_MS) refreshStats();
}, FLUSH_MS);

renderQueue(outbox);
if (!config.grid) {
  $("checkin-button").disabled = true;
  $("checkout-button").disabled = true;
  $("duty-message").hidden = false;
  $("duty-message").dataset.tone = "alert";
  $("duty-message").textContent = t("not_member");
} else {
  duty.refresh();
}
outbox.flush(); // anything left from an earlier visit

window.wanggeWorker = { outbox, tracker, duty, flush: () => outbox.flush(), config };
