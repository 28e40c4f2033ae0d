// Numbers and times as the panels show them. Times are shown in the browser's zone (the district's
// own, Asia/Shanghai, for its users); the server always sends ISO-8601 with a zone.
import { LANG, t } from "./i18n.js";

const locale = LANG.toLowerCase().startsWith("en") ? "en-GB" : "zh-CN";
const clock = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
const shortClock = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hour12: false });

/** "08:05:09" for an ISO time, a Date or epoch milliseconds. */
export function formatClock(value) {
  return value === null || value === undefined ? "—" : clock.format(new Date(value));
}

/** "08:05" for an ISO time, a Date or epoch milliseconds. */
export function formatShortClock(value) {
  return value === null || value === undefined ? "—" : shortClock.format(new Date(value));
}

/** How long ago `seconds` was: "刚刚", "3 分钟前", … */
export function formatAge(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 10) return t("just_now");
  if (s < 60) return t("seconds_ago", { n: s });
  if (s < 3600) return t("minutes_ago", { n: Math.floor(s / 60) });
  if (s < 86400) return t("hours_ago", { n: Math.floor(s / 3600) });
  return t("days_ago", { n: Math.floor(s / 86400) });
}

/** Metres as kilometres with two decimals: "3.42 km". */
export function formatKm(metres) {
  return metres === null || metres === undefined ? "—" : `${(metres / 1000).toFixed(2)} ${t("km")}`;
}

/** A share 0–1 as a whole percentage: "46%". */
export function formatPercent(share) {
  return share === null || share === undefined ? "—" : `${Math.round(share * 100)}%`;
}
