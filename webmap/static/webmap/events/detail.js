// The detail panel: the event's facts (code, category, source, priority, status, level, handler,
// department, due time with overdue / due-soon badges), its location chain (GET
// /api/v1/chain/{location_code}), photo thumbnails, the action buttons and the timeline.
import { button, el, getJSON } from "../kit/dom.js";
import { formatDateTime, formatSpan } from "../kit/format.js";
import { gettext, gettext_noop } from "../kit/i18n.js";
import { actionButton } from "./actions.js";
import { choice } from "./choices.js";
import { flagBadges, statusPill } from "./list.js";

const TERMINAL = new Set(["closed", "rejected", "self_handled"]);

function section(title, className, ...content) {
  const node = el("section", `ev-section ${className}`);
  node.append(el("h3", "ev-section-title", title), ...content);
  return node;
}

const FIELD_NAMES = {
  code: gettext_noop("编号"),
  category: gettext_noop("分类"),
  source: gettext_noop("来源"),
  priority: gettext_noop("紧急程度"),
  status: gettext_noop("状态"),
  level: gettext_noop("处置层级"),
  handler: gettext_noop("处置人"),
  department: gettext_noop("责任部门"),
  due_at: gettext_noop("处置期限"),
  created_at: gettext_noop("上报时间"),
  reporter: gettext_noop("上报人"),
  contact: gettext_noop("联系人"),
  address: gettext_noop("地址"),
};

function fields(rows) {
  const dl = el("dl", "ev-fields");
  for (const [key, value, extra] of rows) {
    const dd = el("dd", "", value === null || value === undefined || value === "" ? gettext("—") : String(value));
    dd.dataset.field = key;
    if (extra) dd.append(...[extra].flat());
    dl.append(el("dt", "", gettext(FIELD_NAMES[key] ?? key)), dd);
  }
  return dl;
}

function dueBadge(p) {
  if (!p.due_at || TERMINAL.has(p.status) || p.status === "resolved") return null;
  const left = new Date(p.due_at).getTime() - Date.now();
  if (p.overdue || left < 0) return el("span", "ev-flag ev-flag-overdue", gettext("超期 {d}", { d: formatSpan(left) }));
  return el("span", `ev-flag ${p.due_soon ? "ev-flag-soon" : "ev-flag-muted"}`, gettext("剩余 {d}", { d: formatSpan(left) }));
}

function timeline(actions) {
  const ol = el("ol", "ev-timeline");
  ol.id = "ev-timeline";
  actions.forEach((a, i) => {
    const li = el("li", { class: "ev-step", dataset: { action: a.action, id: a.id } });
    li.classList.toggle("latest", i === actions.length - 1);
    const head = el("div", "ev-step-head");
    head.append(el("strong", "ev-step-action", choice("action", a.action, a.action_label)),
      el("span", "ev-step-actor", a.actor_name || gettext("系统")), el("time", { class: "ev-step-time", datetime: a.time }, formatDateTime(a.time)));
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
    const back = button("ev-back", gettext("返回列表"));
    back.addEventListener("click", onClose);
    const close = button({ class: "ev-icon-button ev-detail-close", "aria-label": gettext("关闭"), title: gettext("关闭") }, "×");
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
    if (!actions.length) bar.append(el("p", "ev-hint", gettext("当前状态下您没有可执行的操作")));
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
      const b = button({ class: "ev-thumb", "aria-label": photo.original_name || `${gettext("现场照片")} ${i + 1}` });
      b.append(el("img", { src: photo.url, alt: "", loading: "lazy", width: 96, height: 72 }));
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
        const li = el("li", { dataset: { level: item.level, code: item.code } });
        li.append(el("span", "ev-chain-level", choice("area", item.level)), el("span", "ev-chain-name", item.name));
        ol.append(li);
      }
      slot.replaceWith(ol);
    } catch {
      if (token === shown) slot.replaceWith(el("p", "ev-hint", gettext("无法显示所属位置")));
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
        section(gettext("事项详情"), "ev-facts", fields([
          ["code", p.code], ["category", p.category_name], ["source", choice("source", p.source)],
          ["priority", choice("priority", p.priority)], ["status", choice("status", p.status, p.status_label)],
          ["level", choice("level", p.level)], ["handler", p.handler_name], ["department", p.department_name],
          ["due_at", formatDateTime(p.due_at), dueBadge(p)], ["created_at", formatDateTime(p.created_at)],
          ["reporter", reporter], ["contact", contact], ["address", p.address],
        ])),
      );
      if (p.description) body.append(section(gettext("描述"), "ev-description", el("p", "ev-text", p.description)));
      const chainSlot = el("p", "ev-hint", gettext("加载中…"));
      body.append(section(gettext("所属位置"), "ev-location", chainSlot));
      if (p.photos?.length) {
        const photoSection = section(gettext("现场照片"), "ev-photo-section", photos(p.photos));
        if (p.exif_location) photoSection.append(el("p", "ev-hint", gettext("照片拍摄位置距上报点 {m} 米", { m: Math.round(p.exif_location.distance_m) })));
        body.append(photoSection);
      }
      body.append(section(gettext("流转记录"), "ev-timeline-section", timeline(p.actions ?? [])));
      root.replaceChildren(header(feature), body);
      if (p.location_code) chain(token, p.location_code, chainSlot);
      else chainSlot.textContent = gettext("—");
    },
    loading() {
      ++shown;
      root.replaceChildren(el("p", "ev-hint ev-detail-loading", gettext("加载中…")));
    },
    error(message) {
      ++shown;
      const back = button("ev-back", gettext("返回列表"));
      back.addEventListener("click", onClose);
      root.replaceChildren(back, el("p", "ev-error", message));
    },
    clear() {
      ++shown;
      delete root.dataset.id;
      root.replaceChildren(el("p", "ev-hint ev-detail-empty", gettext("在列表或地图上选择一个事项")));
    },
  };
}
