// Check-in and check-out (POST /api/v1/duty/checkin|checkout) with the browser's position, and
// the duty status (GET /api/v1/duty/status). The server decides and explains: its message is
// shown as it is, with inside/outside the grid and the distance. Offline, the step goes into the
// queue with the time of the reading and the page shows the duty it will lead to.
import { ApiError, getJSON, postJSON } from "../kit/dom.js";
import { formatShortClock } from "../kit/format.js";
import { gettext } from "../kit/i18n.js";

/**
 * `position()` → a Promise of the GeolocationPosition to check in with; `onChange(status)` hears
 * the duty status ({on_duty, since, grid}) after every read.
 */
export function createDuty({
  checkInButton, checkOutButton, statusEl, messageEl, position, queue = null, onChange = () => {},
}) {
  let status = { on_duty: false, since: null, grid: null };
  let busy = false;

  function render() {
    statusEl.dataset.onDuty = String(status.on_duty);
    statusEl.textContent = status.on_duty ? gettext("在岗 · {time} 起", { time: formatShortClock(status.since) }) : gettext("未在岗");
    checkInButton.disabled = busy || status.on_duty;
    checkOutButton.disabled = busy || !status.on_duty;
  }

  function say(tone, text, detail = "") {
    messageEl.hidden = false;
    messageEl.dataset.tone = tone;
    messageEl.replaceChildren();
    const main = document.createElement("strong");
    main.textContent = text;
    messageEl.append(main);
    if (detail) {
      const small = document.createElement("span");
      small.textContent = detail;
      messageEl.append(small);
    }
  }

  async function refresh() {
    try {
      status = await getJSON("/api/v1/duty/status");
    } catch (error) {
      say("alert", error.message);
    }
    render();
    onChange(status);
    return status;
  }

  async function submit(kind) {
    busy = true;
    render();
    say("info", gettext("正在定位…"));
    let queued = false;
    try {
      const p = await position();
      say("info", gettext("提交中…"));
      const fixAccuracy = Number.isFinite(p.coords.accuracy) ? p.coords.accuracy : null;
      const body = { lon: p.coords.longitude, lat: p.coords.latitude, accuracy_m: fixAccuracy };
      let result = null;
      if (!queue || navigator.onLine) {
        try {
          result = await postJSON(`/api/v1/duty/${kind}`, body);
        } catch (error) {
          if (!queue || error instanceof ApiError) throw error;
        }
      }
      if (result === null) {
        queued = await later(kind, body, p);
        return;
      }
      const c = result.checkin;
      const where = c.inside ? gettext("网格内") : gettext("网格外 {m} 米", { m: Math.round(c.distance_m) });
      const accuracy = c.accuracy_m !== null ? ` · ${gettext("精度 {m} 米", { m: Math.round(c.accuracy_m) })}` : "";
      say(result.accepted ? "ok" : "alert", result.message, `${where}${accuracy}`);
    } catch (error) {
      if (error instanceof ApiError) say("alert", error.message);
      else if (error && "code" in error && error.code >= 1 && error.code <= 3) say("alert", gettext("无法获取位置：{reason}", { reason: error.message || error.code }));
      else if (error?.message === "unsupported") say("alert", gettext("此浏览器不支持定位"));
      else say("alert", gettext("网络不可用，请稍后重试"));
    } finally {
      busy = false;
      if (queued) render();
      else await refresh();
    }
  }

  /** Offline: the step waits in the queue, and the page shows the duty it leads to. */
  async function later(kind, body, p) {
    const time = new Date(p.timestamp || Date.now()).toISOString();
    const label = kind === "checkin" ? gettext("签到") : gettext("签退");
    await queue.add({ kind: "duty", url: `/api/v1/duty/${kind}`, fields: { ...body, time }, label });
    status = { ...status, on_duty: kind === "checkin", since: kind === "checkin" ? time : null };
    say("info", gettext("离线：{step}已保存，恢复网络后自动提交", { step: label }));
    onChange(status);
    return true;
  }

  checkInButton.addEventListener("click", () => submit("checkin"));
  checkOutButton.addEventListener("click", () => submit("checkout"));
  render();
  return { refresh, get status() { return status; } };
}
