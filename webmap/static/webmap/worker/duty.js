// Check-in and check-out (POST /api/v1/duty/checkin|checkout) with the browser's position, and
// the duty status (GET /api/v1/duty/status). The server decides and explains: its message is
// shown as it is, with inside/outside the grid and the distance.
import { ApiError, getJSON, postJSON } from "../api.js";
import { formatShortClock } from "../format.js";
import { t } from "../i18n.js";

/**
 * `position()` → a Promise of the GeolocationPosition to check in with; `onChange(status)` hears
 * the duty status ({on_duty, since, grid}) after every read.
 */
export function createDuty({ checkInButton, checkOutButton, statusEl, messageEl, position, onChange = () => {} }) {
  let status = { on_duty: false, since: null, grid: null };
  let busy = false;

  function render() {
    statusEl.dataset.onDuty = String(status.on_duty);
    statusEl.textContent = status.on_duty ? t("on_duty_since", { time: formatShortClock(status.since) }) : t("off_duty_now");
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
    say("info", t("locating"));
    try {
      const p = await position();
      say("info", t("working"));
      const fixAccuracy = Number.isFinite(p.coords.accuracy) ? p.coords.accuracy : null;
      const body = { lon: p.coords.longitude, lat: p.coords.latitude, accuracy_m: fixAccuracy };
      const result = await postJSON(`/api/v1/duty/${kind}`, body);
      const c = result.checkin;
      const where = c.inside ? t("inside_grid") : t("outside_grid_m", { m: Math.round(c.distance_m) });
      const accuracy = c.accuracy_m !== null ? ` · ${t("accuracy", { m: Math.round(c.accuracy_m) })}` : "";
      say(result.accepted ? "ok" : "alert", result.message, `${where}${accuracy}`);
    } catch (error) {
      if (error instanceof ApiError) say("alert", error.message);
      else if (error && "code" in error && error.code >= 1 && error.code <= 3) say("alert", t("geo_error", { reason: error.message || error.code }));
      else if (error?.message === "unsupported") say("alert", t("geo_unsupported"));
      else say("alert", t("network_error"));
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
