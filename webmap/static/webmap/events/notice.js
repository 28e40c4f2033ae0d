// Short notices at the bottom of the page: a step done, a refused step and why, a live change.
import { button, el } from "../kit/dom.js";
import { gettext } from "../kit/i18n.js";

const MAX = 3;
const TIMEOUT_MS = 6000;

export function createNotices(parent) {
  const stack = el("div", { class: "ev-notices", role: "status", "aria-live": "polite", id: "ev-notices" });
  parent.append(stack);

  function dismiss(node) {
    if (!node.isConnected) return;
    node.classList.add("leaving");
    setTimeout(() => node.remove(), 250);
  }

  /** `tone`: "ok" | "error" | "info". */
  return function notify(message, tone = "info") {
    const node = el("div", { class: `ev-notice ev-notice-${tone}`, dataset: { tone } });
    const close = button({ class: "ev-notice-close", "aria-label": gettext("关闭") }, "×");
    close.addEventListener("click", () => dismiss(node));
    node.append(el("span", "ev-notice-text", message), close);
    stack.prepend(node);
    while (stack.children.length > MAX) stack.lastChild.remove();
    setTimeout(() => dismiss(node), tone === "error" ? TIMEOUT_MS * 1.5 : TIMEOUT_MS);
  };
}
