// What every registry screen shares: the page's config (strings from the translation catalogue,
// choice labels, the user) and small renderers. DOM and API helpers are the webmap's own.
import { el } from "../kit/dom.js";
import { pageConfig } from "../kit/config.js";

export { el };
export const config = pageConfig();
export const S = config.strings;

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

export function section(title, children, { empty = S.none } = {}) {
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
  return value ? new Date(value).toLocaleString(document.documentElement.lang.startsWith("en") ? "en-GB" : "zh-CN",
    { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }) : "";
}
