// 待办: the events waiting for this worker (GET /api/v1/todo/events) with a deadline countdown,
// the supervised (督办) and overdue flags, and the steps the server says the worker may take now.
// A step goes through the queue (POST /api/v1/events/{id}/actions, with the version as read);
// resolving and self-handling take a note and photos. A queued step shows at once: the card moves
// on to the status it leads to, so a second step can follow offline with the next version.
import { button, el, getJSON } from "../kit/dom.js";
import { formatShort } from "../kit/format.js";
import { gettext, gettext_noop } from "../kit/i18n.js";
import { photoPicker } from "./photos.js";

const STEP_LABELS = {
  accept: gettext_noop("受理"),
  start: gettext_noop("开始处置"),
  resolve: gettext_noop("办结"),
  self_handle: gettext_noop("自行处置"),
  escalate: gettext_noop("上报上级"),
  return: gettext_noop("退回"),
};
// What a queued step shows until the server answers (the server decides the real status).
const AFTER = {
  accept: ["accepted", gettext_noop("已受理")],
  start: ["in_progress", gettext_noop("处置中")],
  resolve: ["resolved", gettext_noop("已办结")],
  self_handle: ["self_handled", gettext_noop("自行处置")],
  escalate: ["escalated", gettext_noop("已上报")],
  return: ["returned", gettext_noop("已退回")],
};
const NEXT_STEPS = { accepted: ["start", "resolve", "escalate"], in_progress: ["resolve", "escalate"] };
const WITH_PROOF = new Set(["resolve", "self_handle"]); // a note and photos
const WITH_NOTE = new Set(["escalate", "return"]);
const HOUR = 3600 * 1000;

/** "剩 3 小时" / "超期 2 小时" from a deadline. */
export function countdown(dueAt, now = Date.now()) {
  if (!dueAt) return "";
  const ms = new Date(dueAt).getTime() - now;
  const span = Math.abs(ms);
  const text = span >= 24 * HOUR
    ? gettext("{n} 天", { n: Math.floor(span / (24 * HOUR)) })
    : span >= HOUR ? gettext("{n} 小时", { n: Math.floor(span / HOUR) }) : gettext("{n} 分钟", { n: Math.max(1, Math.floor(span / 60000)) });
  return ms >= 0 ? gettext("剩 {time}", { time: text }) : gettext("超期 {time}", { time: text });
}

export function createTodo({ queue, $, onCount = () => {} }) {
  const list = $("todo-list");
  let events = [];
  let open = null; // the step form shown: {id, step, node}; kept across re-renders with what was typed
  let changes = 0; // steps taken on the phone: a list read before the latest is out of date

  function flags(event) {
    return el("div", "todo-flags",
      event.overdue ? el("span", "flag flag-overdue", gettext("超期")) : event.due_soon ? el("span", "flag flag-soon", gettext("即将超期")) : null,
      event.supervised ? el("span", "flag flag-supervised", gettext("督办")) : null,
      event.queued ? el("span", "flag flag-queued", gettext("待发送")) : null);
  }

  function stepForm(id, step) {
    const note = el("textarea", { class: "todo-note", rows: 2, maxlength: 2000, placeholder: gettext("处置说明") });
    const picker = WITH_PROOF.has(step) ? photoPicker({ id: `todo-photo-${id}`, max: 9 }) : null;
    const warn = el("p", { class: "form-message", hidden: true, dataset: { tone: "alert" } });
    const send = button({ class: "primary-button todo-send", dataset: { step } }, gettext(STEP_LABELS[step]));
    send.addEventListener("click", () => {
      if (picker?.busy()) {
        warn.hidden = false;
        warn.textContent = gettext("照片处理中，请稍候");
        return;
      }
      if (WITH_PROOF.has(step) && !note.value.trim() && !picker.photos().length) {
        warn.hidden = false;
        warn.textContent = gettext("请填写处置说明或拍照");
        return;
      }
      const event = events.find((e) => e.id === id); // as last read: its version
      if (event) take(event, step, note.value.trim(), picker ? picker.photos() : []);
    });
    return el("div", "todo-form", note, picker?.element, warn, send);
  }

  function card(event) {
    const steps = event.steps.map((step) => {
      const b = button({ class: "step-button", dataset: { step } }, gettext(STEP_LABELS[step] ?? step));
      b.addEventListener("click", () => {
        if (WITH_PROOF.has(step) || WITH_NOTE.has(step)) {
          open = open?.id === event.id && open.step === step ? null : { id: event.id, step, node: null };
          render();
        } else {
          take(event, step, "", []);
        }
      });
      return b;
    });
    return el("li", { class: `todo-card${event.overdue ? " is-overdue" : ""}`, dataset: { id: event.id, status: event.status } },
      el("div", "todo-head", el("strong", "todo-title", event.title), el("span", "todo-status", gettext(event.status_label))),
      el("div", "todo-meta", el("span", "code", event.code), el("span", null, event.category_name),
        event.due_at ? el("span", { class: "todo-due", title: formatShort(event.due_at) }, countdown(event.due_at)) : null),
      event.description ? el("p", "todo-desc", event.description) : null,
      flags(event),
      el("div", "todo-steps", ...steps),
      open?.id === event.id ? (open.node ??= stepForm(event.id, open.step)) : null);
  }

  function render() {
    list.replaceChildren(...events.map(card));
    $("todo-empty").hidden = events.length > 0;
    onCount(events.filter((e) => e.steps.length).length);
  }

  async function take(event, step, note, photos) {
    changes += 1;
    await queue.add({
      kind: "action",
      url: `/api/v1/events/${event.id}/actions`,
      fields: { action: step, version: event.version, note },
      files: photos.map((p) => ({ field: "photos", blob: p.blob, name: p.name })),
      label: `${gettext(STEP_LABELS[step])} · ${event.code}`,
      meta: { event: event.id },
    });
    const [status, label] = AFTER[step];
    const steps = NEXT_STEPS[status] ?? [];
    Object.assign(event, { status, status_label: label, version: event.version + 1, queued: true, steps });
    open = null;
    render();
  }

  async function refresh() {
    if (queue.items.some((item) => item.kind === "action")) return; // steps still queued: keep what the phone shows
    const seen = changes;
    let fresh;
    try {
      fresh = await getJSON("/api/v1/todo/events");
    } catch {
      return; // offline and never loaded: the list stays as it is
    }
    if (seen !== changes) return; // a step was taken meanwhile: its answer brings the next read
    events = fresh;
    render();
  }

  $("todo-refresh").addEventListener("click", refresh);
  return { refresh, get events() { return events; } };
}
