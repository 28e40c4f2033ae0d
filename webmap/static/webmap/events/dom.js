// Small DOM and formatting helpers of the event screens, and the status colours the list, the
// map and the legend share.
import { LANG, t } from "./i18n.js";

export const STATUS_COLORS = {
  reported: "#e08a00",
  accepted: "#2563eb",
  dispatched: "#7c3aed",
  escalated: "#c026d3",
  in_progress: "#0891b2",
  resolved: "#16a34a",
  closed: "#64748b",
  returned: "#ea580c",
  rejected: "#94a3b8",
  self_handled: "#15803d",
};
export const OVERDUE_COLOR = "#dc2626";

/** An element with a class and text; `attrs` are set as attributes (`dataset` keys as `data-*`). */
export function el(tag, className, text, attrs = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  return node;
}

export function button(className, text, attrs = {}) {
  return el("button", className, text, { type: "button", ...attrs });
}

const locale = LANG.toLowerCase().startsWith("en") ? "en-GB" : "zh-CN";
const dateTime = new Intl.DateTimeFormat(locale, {
  year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false,
});
const shortDateTime = new Intl.DateTimeFormat(locale, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false });

/** "2026/11/25 09:50" for an ISO time ("—" when empty). */
export function formatDateTime(value) {
  return value ? dateTime.format(new Date(value)) : t("none");
}

/** "11/25 09:50" for an ISO time. */
export function formatShort(value) {
  return value ? shortDateTime.format(new Date(value)) : t("none");
}

/** A span of milliseconds as "35 分钟", "5 小时", "3 天". */
export function formatSpan(ms) {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60000));
  if (minutes < 60) return t("minutes", { n: minutes });
  if (minutes < 48 * 60) return t("hours", { n: Math.round(minutes / 60) });
  return t("days", { n: Math.round(minutes / 1440) });
}

/** How long ago an ISO time was: "刚刚", "3 分钟前", … */
export function formatAge(value) {
  const seconds = (Date.now() - new Date(value).getTime()) / 1000;
  if (!Number.isFinite(seconds) || seconds < 60) return t("just_now");
  if (seconds < 3600) return t("minutes_ago", { n: Math.floor(seconds / 60) });
  if (seconds < 86400) return t("hours_ago", { n: Math.floor(seconds / 3600) });
  return t("days_ago", { n: Math.floor(seconds / 86400) });
}

/** Metres as "850 米" or "1.3 公里". */
export function formatDistance(metres) {
  return metres < 1000 ? t("metres", { n: Math.round(metres) }) : t("km", { n: Number((metres / 1000).toFixed(1)) });
}
