// The red dots: how many events wait for the user (GET /api/v1/todo), of them overdue, due soon
// and supervised, and unread reminders. "待办" doubles as the my-to-do filter.
import { button, el, getJSON } from "../kit/dom.js";
import { gettext, gettext_noop } from "../kit/i18n.js";

const KEYS = ["assigned", "overdue", "due_soon", "supervised", "reminders"];
const LABELS = {
  assigned: gettext_noop("待办"), overdue: gettext_noop("超期"), due_soon: gettext_noop("即将到期"),
  supervised: gettext_noop("督办"), reminders: gettext_noop("提醒"),
};
const REFRESH_DEBOUNCE_MS = 800;

/** `onTodo()` runs when "待办" is clicked. */
export function createTodo(container, { onTodo }) {
  const counts = {};
  for (const key of KEYS) {
    const item = key === "assigned" ? button("ev-todo-item ev-todo-main") : el("span", "ev-todo-item");
    item.dataset.key = key;
    const count = el("span", "ev-todo-count", "–");
    item.append(el("span", "ev-todo-label", gettext(LABELS[key])), count);
    if (key === "assigned") item.addEventListener("click", onTodo);
    counts[key] = { item, count };
    container.append(item);
  }
  let timer = null;

  async function refresh() {
    try {
      const todo = await getJSON("/api/v1/todo");
      for (const key of KEYS) {
        const n = todo[key] ?? 0;
        counts[key].count.textContent = String(n);
        counts[key].item.classList.toggle("hot", n > 0);
        counts[key].item.dataset.count = String(n);
      }
    } catch {
      // The dots keep their last numbers; the next change tries again.
    }
  }

  return {
    refresh,
    /** Refreshes once after a burst of live changes. */
    soon() {
      clearTimeout(timer);
      timer = setTimeout(refresh, REFRESH_DEBOUNCE_MS);
    },
    setActive(on) { counts.assigned.item.classList.toggle("active", on); counts.assigned.item.setAttribute("aria-pressed", String(on)); },
  };
}
