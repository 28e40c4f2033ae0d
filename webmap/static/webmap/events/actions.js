// Workflow steps from the detail panel: which buttons an event shows (status × the user's role,
// level and whether they hold it — the page config carries the rules of events/workflow.py), the
// small dialog that asks for a note / escalation target / rating, and the POST with the version.
import { button, el, getJSON, postJSON } from "../kit/dom.js";
import { gettext } from "../kit/i18n.js";
import { choice } from "./choices.js";

export const BUTTON_ORDER = ["accept", "dispatch", "start", "resolve", "self_handle", "escalate", "close", "return", "reject", "supervise"];
const IMMEDIATE = new Set(["accept", "start"]);
const NOTE_REQUIRED = new Set(["return", "reject"]);
const TONE = {
  accept: "primary", dispatch: "primary", start: "primary", resolve: "success", self_handle: "success", close: "success",
  escalate: "plain", return: "warn", reject: "danger", supervise: "supervise",
};

/** The steps `user` may offer on an event with properties `p`, in button order. */
export function availableActions(p, { workflow, user }) {
  return BUTTON_ORDER.filter((action) => {
    if (!workflow.transitions[action]?.includes(p.status)) return false;
    if (!workflow.roleActions.includes(action)) return false;
    if (action === "escalate" && p.level === workflow.chain.at(-1)) return false;
    if (user.superuser || action === "supervise") return true;
    if (p.handler === user.id && workflow.handlerActions.includes(action)) return true;
    return workflow.actsAt.includes(p.level);
  });
}

export function actionButton(action) {
  return button({ class: `ev-action ev-action-${TONE[action] ?? "plain"}`, dataset: { action } }, choice("action", action));
}

/** POSTs one step; resolves to the event's detail as stored after it. */
export function postAction(id, body) {
  return postJSON(`/api/v1/events/${id}/actions`, body);
}

/** Dispatch (下派): to a worker through …/dispatch, to a department as the dispatch step with a target. */
export function postDispatch(id, { target, note, version }) {
  if (target.startsWith("user:")) return postJSON(`/api/v1/events/${id}/dispatch`, { user: target.slice(5), note, version });
  return postAction(id, { action: "dispatch", target, note, version });
}

let departments = null;
async function loadDepartments() {
  departments ??= getJSON("/api/v1/departments").catch((error) => { departments = null; throw error; });
  return departments;
}

/**
 * Asks for what a step needs in `dialog` and resolves to the body to POST (without `version`), or
 * null when cancelled. Accept and start need nothing and resolve at once.
 */
export async function askAction(dialog, action, p, { workflow }) {
  if (IMMEDIATE.has(action)) return { action, note: "" };
  const form = el("form", { class: "ev-dialog-form", method: "dialog" });
  const head = el("header", "ev-dialog-head");
  head.append(el("h2", "", `${choice("action", action)} · ${p.code}`));
  const body = el("div", "ev-dialog-body");
  body.append(el("p", "ev-dialog-sub", p.title));

  let target = null;
  if (action === "escalate") {
    target = el("select", { class: "ev-field", name: "target" });
    target.append(el("option", { value: "" }, gettext("上一级（默认）")));
    const above = workflow.chain.slice(workflow.chain.indexOf(p.level) + 1).filter((l) => l !== "department");
    for (const level of above) target.append(el("option", { value: `level:${level}` }, choice("level", level)));
    const group = el("optgroup", { label: gettext("职能部门") });
    target.append(group);
    loadDepartments().then((list) => {
      for (const d of list) group.append(el("option", { value: `department:${d.code}` }, d.name));
    }).catch(() => group.remove());
    body.append(labelled(gettext("上报至"), target));
  }
  let rating = null;
  if (action === "close") {
    rating = el("select", { class: "ev-field", name: "rating" });
    rating.append(el("option", { value: "" }, gettext("不评价")));
    for (let n = 5; n >= 1; n--) rating.append(el("option", { value: String(n) }, "★".repeat(n)));
    body.append(labelled(gettext("评价"), rating));
  }
  const note = el("textarea", { class: "ev-field ev-note", name: "note", rows: 3, maxlength: 2000, placeholder: gettext("填写处理意见（选填）"), required: NOTE_REQUIRED.has(action) });
  body.append(labelled(gettext("处理意见"), note));

  const foot = el("footer", "ev-dialog-foot");
  const cancel = button({ class: "ev-button", value: "cancel" }, gettext("取消"));
  const ok = el("button", { class: `ev-button ev-button-${TONE[action] === "danger" ? "danger" : "primary"}`, type: "submit", value: "ok" }, choice("action", action));
  foot.append(cancel, ok);
  form.append(head, body, foot);
  dialog.replaceChildren(form);
  dialog.dataset.action = action;

  return new Promise((resolve) => {
    cancel.addEventListener("click", () => dialog.close("cancel"));
    form.addEventListener("submit", (e) => {
      if (NOTE_REQUIRED.has(action) && !note.value.trim()) {
        e.preventDefault();
        note.setCustomValidity(gettext("请填写意见"));
        note.reportValidity();
      }
    });
    note.addEventListener("input", () => note.setCustomValidity(""));
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "ok") return resolve(null);
      const out = { action, note: note.value.trim() };
      if (target?.value) out.target = target.value;
      if (rating?.value) out.rating = Number(rating.value);
      resolve(out);
    }, { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    note.focus();
  });
}

function labelled(text, control) {
  const label = el("label", "ev-label");
  label.append(el("span", "", text), control);
  return label;
}
