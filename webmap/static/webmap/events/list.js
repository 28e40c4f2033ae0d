// The event list: one row per event (status, code, title, category, when, who holds it, and the
// overdue / due-soon / supervised badges). A click selects; a live change flashes its row.
import { button, el } from "../kit/dom.js";
import { formatShort } from "../kit/format.js";
import { gettext } from "../kit/i18n.js";
import { choice } from "./choices.js";
import { STATUS_COLORS } from "./colors.js";

const FLASH_MS = 2600;

export function statusPill(status, label) {
  const pill = el("span", `ev-status ev-status-${status}`, choice("status", status, label));
  pill.style.setProperty("--status", STATUS_COLORS[status] ?? "#64748b");
  return pill;
}

export function flagBadges(p) {
  const badges = [];
  if (p.overdue) badges.push(el("span", "ev-flag ev-flag-overdue", gettext("超期")));
  else if (p.due_soon) badges.push(el("span", "ev-flag ev-flag-soon", gettext("即将到期")));
  if (p.supervised) badges.push(el("span", "ev-flag ev-flag-supervised", gettext("督办")));
  if (p.priority >= 3) badges.push(el("span", `ev-flag ev-flag-priority-${p.priority}`, choice("priority", p.priority)));
  return badges;
}

/** `onSelect(id)` runs when a row is chosen. */
export function createList(container, { onSelect }) {
  let selected = null;

  function row(feature) {
    const p = feature.properties;
    const li = el("li", { class: "ev-item", dataset: { id: feature.id, status: p.status } });
    li.classList.toggle("overdue", Boolean(p.overdue));
    li.classList.toggle("selected", feature.id === selected);
    const b = button({ class: "ev-row", "aria-pressed": String(feature.id === selected) });
    const top = el("span", "ev-row-top");
    top.append(statusPill(p.status, p.status_label), el("span", "ev-row-code", p.code), el("span", "ev-row-time", formatShort(p.created_at)));
    const title = el("span", "ev-row-title", p.title);
    const meta = el("span", "ev-row-meta");
    meta.append(el("span", "ev-row-category", p.category_name));
    const holder = p.handler_name || p.department_name;
    if (holder) meta.append(el("span", "ev-row-holder", holder));
    const badges = flagBadges(p);
    if (badges.length) {
      const flags = el("span", "ev-row-flags");
      flags.append(...badges);
      meta.append(flags);
    }
    b.append(top, title, meta);
    b.addEventListener("click", () => onSelect(feature.id));
    li.append(b);
    return li;
  }

  return {
    render(features) {
      container.replaceChildren(...features.map(row));
      if (!features.length) container.append(el("li", "ev-empty", gettext("没有符合条件的事项")));
    },
    /** Replaces one row in place, or puts a new one at the top. */
    upsert(feature) {
      const fresh = row(feature);
      const old = container.querySelector(`.ev-item[data-id="${feature.id}"]`);
      if (old) old.replaceWith(fresh);
      else {
        container.querySelector(".ev-empty")?.remove();
        container.prepend(fresh);
      }
      fresh.classList.toggle("selected", feature.id === selected);
    },
    remove(id) {
      container.querySelector(`.ev-item[data-id="${id}"]`)?.remove();
    },
    select(id) {
      selected = id;
      for (const item of container.querySelectorAll(".ev-item")) {
        const on = Number(item.dataset.id) === id;
        item.classList.toggle("selected", on);
        item.querySelector(".ev-row").setAttribute("aria-pressed", String(on));
        if (on) item.scrollIntoView({ block: "nearest" });
      }
    },
    flash(id) {
      const item = container.querySelector(`.ev-item[data-id="${id}"]`);
      if (!item) return;
      item.classList.remove("flash");
      void item.offsetWidth; // restart the animation
      item.classList.add("flash");
      setTimeout(() => item.classList.remove("flash"), FLASH_MS);
    },
  };
}
