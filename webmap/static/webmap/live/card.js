// The worker card in the details panel (GET /api/v1/workers/{username}/card): status, grid, on
// duty since, today's distance and coverage, last fix age (kept current from the live feed),
// battery, and the replay of today's track.
import { el, getJSON } from "../kit/dom.js";
import { formatAge, formatKm, formatPercent, formatShortClock } from "../kit/format.js";
import { gettext } from "../kit/i18n.js";
import { statusName } from "../names.js";

const TICK_MS = 5000;


/**
 * `layer`: the workers layer (status and time of each worker); `person(id)` → {user, name, grid}
 * from the roster; `replay`: the track replay.
 */
export function createWorkerCard(body, { layer, person, replay }) {
  let shownId = null;
  let token = 0;
  let ticker = 0;

  function statusBadge(id) {
    const status = layer.status(id) ?? "off_duty";
    const badge = el("span", `badge badge-status badge-${status}`, statusName(status));
    badge.dataset.status = status;
    return badge;
  }

  function lastFixText(id, card) {
    const item = layer.workers.get(id);
    const time = item?.time ?? card?.last_fix;
    return time ? formatAge((Date.now() - Date.parse(time)) / 1000) : "—";
  }

  function row(dl, key, label, value, note = "") {
    const dd = el("dd", "", value);
    dd.dataset.field = key;
    if (note) dd.append(el("span", "dd-note", note));
    dl.append(el("dt", "", label), dd);
  }

  function render(id, card) {
    const who = person(id);
    const content = el("div", "info-entity worker-card");
    content.dataset.type = "worker";
    content.dataset.worker = String(id);
    const head = el("div", "info-title");
    head.append(statusBadge(id), el("h3", "", card?.name || who?.name || gettext("人员 #{id}", { id })));
    content.append(head);
    if (who?.user) content.append(el("p", "worker-user", `${gettext("网格员")} · ${who.user}`));
    const dl = el("dl", "info-fields");
    if (card) {
      row(dl, "grid", gettext("所属网格"), card.grid_name || "—", card.grid || "");
      row(dl, "duty_since", gettext("上岗时间"), card.on_duty ? formatShortClock(card.duty_since) : gettext("未在岗"));
      row(dl, "distance", gettext("今日里程"), formatKm(card.distance_m));
      row(dl, "coverage", gettext("今日覆盖"), formatPercent(card.coverage));
      row(dl, "last_fix", gettext("最后定位"), lastFixText(id, card));
      row(dl, "battery", gettext("电量"), card.battery === null || card.battery === undefined ? "—" : formatPercent(card.battery));
      if (card.phone) row(dl, "phone", gettext("电话"), card.phone);
    } else {
      dl.append(el("dd", "hint", gettext("加载中…")));
    }
    content.append(dl);
    if (card) {
      const button = el("button", "action-button replay-button", gettext("回放今日轨迹"));
      button.type = "button";
      const slot = el("div", "replay-slot");
      button.addEventListener("click", () => replay.load(card.user, slot));
      content.append(button, slot);
    }
    return content;
  }

  function tick() {
    if (shownId === null || !body.querySelector(".worker-card")) return stop();
    const field = body.querySelector('[data-field="last_fix"]');
    if (field) field.textContent = lastFixText(shownId, null);
    const badge = body.querySelector(".badge-status");
    if (badge && badge.dataset.status !== layer.status(shownId)) badge.replaceWith(statusBadge(shownId));
  }

  function stop() {
    clearInterval(ticker);
    ticker = 0;
  }

  /** Shows worker `id`'s card (a fresh fetch). */
  async function show(id) {
    const mine = ++token;
    shownId = id;
    replay.clear();
    body.replaceChildren(render(id, null));
    stop();
    ticker = setInterval(tick, TICK_MS);
    const who = person(id);
    if (!who) {
      body.querySelector(".info-fields").replaceChildren(el("dd", "error", gettext("人员 #{id}", { id })));
      return;
    }
    try {
      const card = await getJSON(`/api/v1/workers/${encodeURIComponent(who.user)}/card`);
      if (mine === token) body.replaceChildren(render(id, card));
    } catch (error) {
      if (mine === token) body.querySelector(".info-fields").replaceChildren(el("dd", "error", error.message));
    }
  }

  /** Re-reads the card if worker `id`'s is the one shown (after their check-in, say). */
  async function refreshIf(id) {
    if (id !== shownId || !body.querySelector(".worker-card")) return;
    const who = person(id);
    if (!who) return;
    const mine = token;
    try {
      const card = await getJSON(`/api/v1/workers/${encodeURIComponent(who.user)}/card`);
      const fields = body.querySelector(".worker-card .info-fields");
      if (mine === token && fields) fields.replaceWith(render(id, card).querySelector(".info-fields"));
    } catch {
      // the card keeps its last answer
    }
  }

  function hide() {
    token += 1;
    shownId = null;
    stop();
    replay.clear();
  }

  return { show, refreshIf, hide, get shownId() { return shownId; } };
}
