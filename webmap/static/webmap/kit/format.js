// Numbers, distances and times as every page shows them. Times are the district's own
// (Asia/Shanghai) whatever the browser's zone; the server always sends ISO-8601 with a zone.
import { LOCALE, gettext } from "./i18n.js";

export const TIME_ZONE = "Asia/Shanghai";
const zoned = (options) => new Intl.DateTimeFormat(LOCALE, { timeZone: TIME_ZONE, hour12: false, ...options });
const clock = zoned({ hour: "2-digit", minute: "2-digit", second: "2-digit" });
const shortClock = zoned({ hour: "2-digit", minute: "2-digit" });
const dateTime = zoned({ year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
const shortDateTime = zoned({ month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
const isoDay = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
const NONE = "—";

const empty = (value) => value === null || value === undefined || value === "";

/** "08:05:09" for an ISO time, a Date or epoch milliseconds. */
export function formatClock(value) {
  return empty(value) ? NONE : clock.format(new Date(value));
}

/** "08:05" for an ISO time, a Date or epoch milliseconds. */
export function formatShortClock(value) {
  return empty(value) ? NONE : shortClock.format(new Date(value));
}

/** "2026-11-25", the day in Asia/Shanghai of an ISO time, a Date or epoch milliseconds (as the API takes days). */
export function formatDay(value) {
  return empty(value) ? NONE : isoDay.format(new Date(value));
}

/** "2026/11/25 09:50" for an ISO time ("—" when empty). */
export function formatDateTime(value) {
  return empty(value) ? NONE : dateTime.format(new Date(value));
}

/** "11/25 09:50" for an ISO time ("—" when empty). */
export function formatShort(value) {
  return empty(value) ? NONE : shortDateTime.format(new Date(value));
}

/** How long ago `seconds` (a number of seconds) was: "刚刚", "3 分钟前", … ("—" when unknown). */
export function formatAge(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return NONE;
  const s = Math.max(0, Math.round(seconds));
  if (s < 10) return gettext("刚刚");
  if (s < 60) return gettext("{n} 秒前", { n: s });
  if (s < 3600) return gettext("{n} 分钟前", { n: Math.floor(s / 60) });
  if (s < 86400) return gettext("{n} 小时前", { n: Math.floor(s / 3600) });
  return gettext("{n} 天前", { n: Math.floor(s / 86400) });
}

/** Seconds from an ISO time (a Date or epoch milliseconds) to `now`: what formatAge takes. */
export function secondsSince(value, now = Date.now()) {
  return empty(value) ? null : (now - new Date(value).getTime()) / 1000;
}

/** A span of milliseconds as "35 分钟", "5 小时", "3 天". */
export function formatSpan(ms) {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60000));
  if (minutes < 60) return gettext("{n} 分钟", { n: minutes });
  if (minutes < 48 * 60) return gettext("{n} 小时", { n: Math.round(minutes / 60) });
  return gettext("{n} 天", { n: Math.round(minutes / 1440) });
}

/** Metres as "850 米" or "1.3 公里" ("—" when unknown). */
export function formatDistance(metres) {
  if (empty(metres)) return NONE;
  if (metres < 1000) return gettext("{n} 米", { n: Math.round(metres) });
  return gettext("{n} 公里", { n: Number((metres / 1000).toFixed(1)) });
}

/** Metres as kilometres with two decimals: "3.42 公里". */
export function formatKm(metres) {
  return empty(metres) ? NONE : gettext("{n} 公里", { n: (metres / 1000).toFixed(2) });
}

/** A share 0–1 as a whole percentage: "46%". */
export function formatPercent(share) {
  return empty(share) ? NONE : `${Math.round(share * 100)}%`;
}
