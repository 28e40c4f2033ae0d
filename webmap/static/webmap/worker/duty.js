// Check-in and check-out (POST /api/v1/duty/checkin|checkout) with the browser's position, and
// the duty status (GET /api/v1/duty/status). The server decides and explains: its message is
// shown as it is, with inside/outside the grid and the distance.
import { ApiError, getJSON, postJSON } from "../kit/dom.js";
import { formatShortClock } from "../kit/format.js";
import { gettext } from "../kit/i18n.js";

/**
 * `position()` → a Promise of the GeolocationPosition to check in with; `onChange(status)` hears
 * the duty status ({on_duty, since, grid}) after every read.
 */
export function createDuty({ checkInButton, checkOutButton, statusEl, messageEl, position, onChange = () => {} }) {
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
    try {
      const p = await position();
      say("info", gettext("提交中…"));
      const fixAccuracy = Number.isFinite(p.coords.accuracy) ? p.coords.accuracy : null;
      const body = { lon: p.coords.longitude, lat: p.coords.latitude, accuracy_m: fixAccuracy };
      const result = await postJSON(`/api/v1/duty/${kind}`, body);
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
      await refresh();
    }
  }

  checkInButton.addEventListener("click", () => submit("checkin"));
  checkOutButton.addEventListener("click", () => submit("checkout"));
  render();
  return { refresh, get status() { return status; } };
}
