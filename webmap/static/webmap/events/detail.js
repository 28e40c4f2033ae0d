// The detail panel: the event's facts (code, category, source, priority, status, level, handler,
// department, due time with overdue / due-soon badges), its location chain (GET
// /api/v1/chain/{location_code}), photo thumbnails, the action buttons and the timeline.
import { getJSON } from "../api.js";
import { actionButton } from "./actions.js";
import { button, el, formatDateTime, formatSpan } from "./dom.js";
import { choice, t } from "./i18n.js";
import { flagBadges, statusPill } from "./list.js";

const TERMINAL = new Set(["closed", "rejected", "self_handled"]);

function section(title, className, ...content) {
  const node = el("section", `ev-section ${className}`);
  node.append(el("h3", "ev-section-title", title), ...content);
  return node;
}

function fields(rows) {
  const dl = el("dl", "ev-fields");
  for (const [key, value, extra] of rows) {
    const dd = el("dd", "", value === null || value === undefined || value === "" ? t("none") : String(value));
    dd.dataset.field = key;
    if (extra) dd.append(...[extra].flat());
    dl.append(el("dt", "", t(key)), dd);
  }
  return dl;
}

function dueBadge(p) {
  if (!p.due_at || TERMINAL.has(p.status) || p.status === "resolved") return null;
  const left = new Date(p.due_at).getTime() - Date.now();
  if (p.overdue || left < 0) return el("span", "ev-flag ev-flag-overdue", t("overdue_by", { d: formatSpan(left) }));
  return el("span", `ev-flag ${p.due_soon ? "ev-flag-soon" : "ev-flag-muted"}`, t("remaining", { d: formatSpan(left) }));
}

function timeline(actions) {
  const ol = el("ol", "ev-timeline");
  ol.id = "ev-timeline";
  actions.forEach((a, i) => {
    const li = el("li", "ev-step", null, { dataset: { action: a.action, id: a.id } });
    li.classList.toggle("latest", i === actions.length - 1);
    const head = el("div", "ev-step-head");
    head.append(el("strong", "ev-step-action", choice("action", a.action, a.action_label)),
      el("span", "ev-step-actor", a.actor_name || t("system")), el("time", "ev-step-time", formatDateTime(a.time), { datetime: a.time }));
    li.append(head);
    if (a.from_status !== a.to_status || a.action === "report") {
      const move = el("div", "ev-step-move");
      if (a.from_status) move.append(statusPill(a.from_status), el("span", "ev-arrow", "→"));
      move.append(statusPill(a.to_status));
      if (a.from_level !== a.to_level && a.to_level) move.append(el("span", "ev-step-level", choice("level", a.to_level)));
      li.append(move);
    }
    if (a.note) li.append(el("p", "ev-step-note", a.note));
    ol.append(li);
  });
  return ol;
}

/**
 * `actionsFor(p)` lists the steps to offer; `onAction(action)` runs one; `onPhoto(photos, index)`
 * enlarges a photo; `onClose()` leaves the detail (the back button on a phone).
 */
export function createDetail(root, { actionsFor, onAction, onPhoto, onClose }) {
  let shown = 0; // answers for an older selection are dropped

  function header(feature) {
    const p = feature.properties;
    const head = el("header", "ev-detail-head");
    const bar = el("div", "ev-detail-bar");
    const back = button("ev-back", t("back"));
    back.addEventListener("click", onClose);
    const close = button("ev-icon-button ev-detail-close", "×", { "aria-label": t("close"), title: t("close") });
    close.addEventListener("click", onClose);
    bar.append(back, statusPill(p.status, p.status_label), el("span", "ev-detail-code", p.code), close);
    const flags = el("div", "ev-detail-flags");
    flags.append(...flagBadges(p));
    head.append(bar, el("h2", "ev-detail-title", p.title), flags);
    return head;
  }

  function actionBar(p) {
    const actions = actionsFor(p);
    const bar = el("div", "ev-actions");
    bar.id = "ev-actions";
    if (!actions.length) bar.append(el("p", "ev-hint", t("no_actions")));
    for (const action of actions) {
      const b = actionButton(action);
      b.addEventListener("click", () => onAction(action));
      bar.append(b);
    }
    return bar;
  }

  function photos(list) {
    const strip = el("div", "ev-photos");
    list.forEach((photo, i) => {
      const b = button("ev-thumb", undefined, { "aria-label": photo.original_name || `${t("photos")} ${i + 1}` });
      b.append(el("img", "", null, { src: photo.url, alt: "", loading: "lazy", width: 96, height: 72 }));
      b.addEventListener("click", () => onPhoto(list, i));
      strip.append(b);
    });
    return strip;
  }

  async function chain(token, code, slot) {
    try {
      const { chain: items } = await getJSON(`/api/v1/chain/${encodeURIComponent(code)}`);
      if (token !== shown) return;
      const ol = el("ol", "ev-chain");
      ol.id = "ev-chain";
      for (const item of items) {
        const li = el("li", "", null, { dataset: { level: item.level, code: item.code } });
        li.append(el("span", "ev-chain-level", choice("area", item.level)), el("span", "ev-chain-name", item.name));
        ol.append(li);
      }
      slot.replaceWith(ol);
    } catch {
      if (token === shown) slot.replaceWith(el("p", "ev-hint", t("chain_failed")));
    }
  }

  return {
    get id() { return Number(root.dataset.id) || null; },
    /** Shows a full event (the detail API's Feature). */
    show(feature) {
      const token = ++shown;
      const p = feature.properties;
      root.dataset.id = feature.id;
      root.dataset.version = p.version;
      root.dataset.status = p.status;
      const body = el("div", "ev-detail-body");
      const contact = [p.contact?.name, p.contact?.phone].filter(Boolean).join(" ");
      // The API names the reporter by username; the report step of the log carries their name.
      const reporter = (p.actions ?? []).find((a) => a.action === "report" && a.actor_name)?.actor_name ?? p.reporter;
      body.append(
        actionBar(p),
        section(t("detail"), "ev-facts", fields([
          ["code", p.code], ["category", p.category_name], ["source", choice("source", p.source)],
          ["priority", choice("priority", p.priority)], ["status", choice("status", p.status, p.status_label)],
          ["level", choice("level", p.level)], ["handler", p.handler_name], ["department", p.department_name],
          ["due_at", formatDateTime(p.due_at), dueBadge(p)], ["created_at", formatDateTime(p.created_at)],
          ["reporter", reporter], ["contact", contact], ["address", p.address],
        ])),
      );
      if (p.description) body.append(section(t("description"), "ev-description", el("p", "ev-text", p.description)));
      const chainSlot = el("p", "ev-hint", t("loading"));
      body.append(section(t("location"), "ev-location", chainSlot));
      if (p.photos?.length) {
        const photoSection = section(t("photos"), "ev-photo-section", photos(p.photos));
        if (p.exif_location) photoSection.append(el("p", "ev-hint", t("exif_hint", { m: Math.round(p.exif_location.distance_m) })));
        body.append(photoSection);
      }
      body.append(section(t("timeline"), "ev-timeline-section", timeline(p.actions ?? [])));
      root.replaceChildren(header(feature), body);
      if (p.location_code) chain(token, p.location_code, chainSlot);
      else chainSlot.textContent = t("none");
    },
    loading() {
      ++shown;
      root.replaceChildren(el("p", "ev-hint ev-detail-loading", t("loading")));
    },
    error(message) {
      ++shown;
      const back = button("ev-back", t("back"));
      back.addEventListener("click", onClose);
      root.replaceChildren(back, el("p", "ev-error", message));
    },
    clear() {
      ++shown;
      delete root.dataset.id;
      root.replaceChildren(el("p", "ev-hint ev-detail-empty", t("select_hint")));
    },
  };
}
