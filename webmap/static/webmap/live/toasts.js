// Short notices over the map (check-ins, events): newest on top, at most MAX at once, each gone
// after TIMEOUT_MS. A notice with `onClick` is a button (e.g. fly to where it happened).
import { el } from "../kit/dom.js";
const MAX = 4;
const TIMEOUT_MS = 7000;


export function createToasts(parent) {
  const stack = el("div", "toasts");
  stack.setAttribute("role", "status");
  stack.setAttribute("aria-live", "polite");
  parent.append(stack);

  function dismiss(node) {
    if (!node.isConnected || node.classList.contains("leaving")) return;
    node.classList.add("leaving");
    setTimeout(() => node.remove(), 250);
  }

  /** `tone`: "ok" | "muted" | "alert" | "info" (the colour of its edge); `badge`: a short label. */
  function show({ badge, title, detail, tone = "info", time, onClick, data = {} }) {
    const node = el("div", `toast toast-${tone}`);
    Object.assign(node.dataset, data);
    const body = el(onClick ? "button" : "div", "toast-body");
    if (onClick) {
      body.type = "button";
      body.addEventListener("click", () => { onClick(); dismiss(node); });
    }
    const head = el("div", "toast-head");
    if (badge) head.append(el("span", "toast-badge", badge));
    head.append(el("span", "toast-title", title));
    if (time) head.append(el("span", "toast-time", time));
    body.append(head);
    if (detail) body.append(el("div", "toast-detail", detail));
    const close = el("button", "toast-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "×");
    close.addEventListener("click", () => dismiss(node));
    node.append(body, close);
    stack.prepend(node);
    [...stack.children].slice(MAX).forEach(dismiss);
    setTimeout(() => dismiss(node), TIMEOUT_MS);
    return node;
  }

  return { show, element: stack };
}
