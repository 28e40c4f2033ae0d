// Workflow steps from the detail panel: which buttons an event shows (status × the user's role,
// level and whether they hold it — the page config carries the rules of events/workflow.py), the
// small dialog that asks for a note / escalation target / rating, and the POST with the version.
import { getJSON, postJSON } from "../api.js";
import { button, el } from "./dom.js";
import { choice, t } from "./i18n.js";

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
  return button(`ev-action ev-action-${TONE[action] ?? "plain"}`, choice("action", action), { dataset: { action } });
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
  const form = el("form", "ev-dialog-form", null, { method: "dialog" });
  const head = el("header", "ev-dialog-head");
  head.append(el("h2", "", `${choice("action", action)} · ${p.code}`));
  const body = el("div", "ev-dialog-body");
  body.append(el("p", "ev-dialog-sub", p.title));

  let target = null;
  if (action === "escalate") {
    target = el("select", "ev-field", null, { name: "target" });
    target.append(el("option", "", t("target_default"), { value: "" }));
    const above = workflow.chain.slice(workflow.chain.indexOf(p.level) + 1).filter((l) => l !== "department");
    for (const level of above) target.append(el("option", "", choice("level", level), { value: `level:${level}` }));
    const group = el("optgroup", "", null, { label: t("departments") });
    target.append(group);
    loadDepartments().then((list) => {
      for (const d of list) group.append(el("option", "", d.name, { value: `department:${d.code}` }));
    }).catch(() => group.remove());
    body.append(labelled(t("target"), target));
  }
  let rating = null;
  if (action === "close") {
    rating = el("select", "ev-field", null, { name: "rating" });
    rating.append(el("option", "", t("rating_none"), { value: "" }));
    for (let n = 5; n >= 1; n--) rating.append(el("option", "", "★".repeat(n), { value: String(n) }));
    body.append(labelled(t("rating"), rating));
  }
  const note = el("textarea", "ev-field ev-note", null, {
    name: "note", rows: 3, maxlength: 2000, placeholder: t("note_placeholder"), required: NOTE_REQUIRED.has(action),
  });
  body.append(labelled(t("note"), note));

  const foot = el("footer", "ev-dialog-foot");
  const cancel = button("ev-button", t("cancel"), { value: "cancel" });
  const ok = el("button", `ev-button ev-button-${TONE[action] === "danger" ? "danger" : "primary"}`, choice("action", action),
    { type: "submit", value: "ok" });
  foot.append(cancel, ok);
  form.append(head, body, foot);
  dialog.replaceChildren(form);
  dialog.dataset.action = action;

  return new Promise((resolve) => {
    cancel.addEventListener("click", () => dialog.close("cancel"));
    form.addEventListener("submit", (e) => {
      if (NOTE_REQUIRED.has(action) && !note.value.trim()) {
        e.preventDefault();
        note.setCustomValidity(t("note_required"));
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
