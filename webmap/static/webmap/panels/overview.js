// The overview panel (态势总览): today's events (new, closed; open ones overdue, supervised), the
// on-duty rate per street, on-duty workers outside their grid and the alert list (overdue events,
// urgent events, workers gone silent on duty) from GET /api/v1/overview, already cut to the user's
// jurisdiction. Read again (debounced) when the socket says the figures changed, and every minute
// (a worker goes silent with time alone). Each row flies the map to its place.
import { button, clear, el, getJSON } from "../kit/dom.js";
import { formatAge, formatPercent, formatShortClock, secondsSince } from "../kit/format.js";
import { expose } from "../kit/hooks.js";
import { gettext, gettext_noop } from "../kit/i18n.js";

const DEBOUNCE_MS = 1000;
const EVERY_MS = 60000;

const ALERT_BADGES = { overdue: gettext_noop("超期"), urgent: gettext_noop("紧急"), silent: gettext_noop("失联") };

/**
 * `onEvent(id)` shows an event (and flies to it); `onPlace([lon, lat])` flies to a WGS84 point;
 * `onArea(code)` frames a street.
 */
export function createOverview(body, { onEvent, onPlace, onArea }) {
  const state = { loads: 0, data: null, error: null };
  let timer = 0;

  function figure(key, label, value, tone = "") {
    return el("div", { class: `ov-figure${tone ? ` ov-${tone}` : ""}`, dataset: { figure: key } },
      el("span", "ov-value", String(value)), el("span", "ov-label", label));
  }

  function row(className, { onClick, data = {} }, ...children) {
    const b = button({ class: `ov-row ${className}`, dataset: data }, ...children);
    b.addEventListener("click", onClick);
    return el("li", {}, b);
  }

  function alertRow(a) {
    const badge = el("span", `ov-badge ov-badge-${a.kind}`, gettext(ALERT_BADGES[a.kind]));
    if (a.kind === "silent") {
      const when = a.time ? gettext("最后定位 {age}", { age: formatAge(secondsSince(a.time)) }) : gettext("上岗后无定位");
      return row("ov-alert", {
        data: { kind: a.kind, id: a.id },
        onClick: () => (a.lon !== null ? onPlace([a.lon, a.lat]) : onArea(a.grid)),
      }, badge, el("span", "ov-name", a.name), el("span", "ov-meta", when));
    }
    const meta = a.kind === "overdue" && a.due_at ? gettext("{time} 到期", { time: formatShortClock(a.due_at) }) : a.code;
    return row("ov-alert", { data: { kind: a.kind, id: a.id }, onClick: () => onEvent(a.id, [a.lon, a.lat]) },
      badge, el("span", "ov-name", a.title), el("span", "ov-meta", meta));
  }

  function render(data) {
    const { events: e, duty } = data;
    const figures = el("div", "ov-figures",
      figure("new", gettext("今日新增"), e.new),
      figure("closed", gettext("今日办结"), e.closed, "ok"),
      figure("overdue", gettext("超期"), e.overdue, e.overdue ? "alert" : ""),
      figure("supervised", gettext("督办"), e.supervised, e.supervised ? "warn" : ""));
    const dutyLine = el("p", "ov-duty", gettext("在岗 {n} / {total} 人（{rate}），网格外 {outside} 人", {
      n: duty.on_duty, total: duty.workers, rate: formatPercent(duty.rate), outside: duty.outside,
    }));
    const streets = el("ul", { class: "ov-list ov-streets", id: "ov-streets" }, ...data.streets.map((s) => row("ov-street", {
      data: { code: s.code }, onClick: () => onArea(s.code),
    }, el("span", "ov-name", s.name), el("span", "ov-bar", el("span", { style: { width: `${Math.round((s.rate ?? 0) * 100)}%` } })),
    el("span", "ov-meta", `${s.on_duty}/${s.workers} · ${formatPercent(s.rate)}`))));
    const outside = el("ul", { class: "ov-list", id: "ov-outside" }, ...data.outside.map((w) => row("ov-worker", {
      data: { id: w.id }, onClick: () => onPlace([w.lon, w.lat]),
    }, el("span", "ov-name", w.name), el("span", "ov-meta", gettext("网格外")))));
    const alerts = el("ul", { class: "ov-list", id: "ov-alerts" }, ...data.alerts.map(alertRow));
    if (!data.alerts.length) alerts.append(el("li", "hint", gettext("暂无告警")));
    clear(body).append(
      figures, dutyLine,
      el("h3", "ov-title", gettext("告警"), el("span", "count", String(data.alerts.length))), alerts,
      el("h3", "ov-title", gettext("各街道在岗率")), streets,
    );
    if (data.outside.length) body.append(el("h3", "ov-title", gettext("网格外人员")), outside);
    body.append(el("p", "ov-time", gettext("更新于 {time}", { time: formatShortClock(data.time) })));
  }

  async function load() {
    try {
      const data = await getJSON("/api/v1/overview");
      state.loads += 1;
      state.data = data;
      state.error = null;
      render(data);
    } catch (error) {
      state.error = error.message;
      if (!state.data) clear(body).append(el("p", "hint", gettext("加载失败：{reason}", { reason: error.message })));
    }
  }

  /** The figures changed (an `overview` frame): read them again once things have settled. */
  function changed() {
    clearTimeout(timer);
    timer = setTimeout(load, DEBOUNCE_MS);
  }

  setInterval(load, EVERY_MS);
  const overview = { state, load, changed };
  expose("overview", overview);
  return overview;
}
