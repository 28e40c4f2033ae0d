// What every registry screen shares: the page's config (choice labels) and small renderers; strings
// come from the JS catalogue (kit/i18n.js). DOM and API helpers are the webmap's own.
import { pageConfig } from "../kit/config.js";
import { el } from "../kit/dom.js";
import { formatDateTime } from "../kit/format.js";
import { gettext, gettext_noop } from "../kit/i18n.js";

export { el };
export const config = pageConfig();

/** The label of a coded value ("rented" → "出租"), or the value itself. */
export function label(group, value) {
  return config.choices[group]?.[value] ?? value ?? "";
}

/** A <dl> of [term, value] rows, skipping empty values. */
export function fields(rows) {
  const dl = el("dl", "rg-fields");
  for (const [term, value] of rows) {
    if (value === "" || value === null || value === undefined) continue;
    dl.append(el("dt", "", term), el("dd", "", String(value)));
  }
  return dl;
}

export function section(title, children, { empty = gettext("无") } = {}) {
  const box = el("section", "rg-section");
  box.append(el("h3", "", title));
  if (!children.length) box.append(el("p", "rg-empty", empty));
  else box.append(...children);
  return box;
}

export function badge(text, kind) {
  return el("span", `rg-badge rg-badge-${kind}`, text);
}

export function groupBadges(groups) {
  return groups.map((g) => badge(g.kind_name, `${g.category} rg-level-${g.level}`));
}

export function when(value) {
  return value ? formatDateTime(value) : "";
}

const FLAG_NAMES = {
  rented: gettext_noop("出租"),
  group_rental: gettext_noop("群租"),
  empty: gettext_noop("无人居住"),
  over_occupancy: gettext_noop("超员"),
  special: gettext_noop("重点人群"),
  care: gettext_noop("关爱对象"),
  warning: gettext_noop("预警"),
  rental_expired: gettext_noop("租约到期"),
};

/** The name of a house flag (rented, group_rental, empty, …). */
export function flagName(flag) {
  return FLAG_NAMES[flag] ? gettext(FLAG_NAMES[flag]) : flag;
}
