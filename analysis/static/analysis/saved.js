// Saved queries: listed with run and delete buttons; saving posts the current parameters.
import { button, csrfToken, el, getJSON, postJSON } from "../webmap/kit/dom.js";
import { gettext } from "../webmap/kit/i18n.js";

export async function listSaved(container, { onRun }) {
  const saved = await getJSON("/api/v1/query/saved");
  container.replaceChildren(
    ...saved.map((q) => {
      const item = el("li", "");
      const run = button("wb-button", gettext("运行"));
      run.addEventListener("click", () => onRun(q));
      const remove = button("wb-button", gettext("删除"));
      remove.addEventListener("click", async () => {
        await fetch(`/api/v1/query/saved/${q.id}`, { method: "DELETE", headers: { "X-CSRFToken": csrfToken() }, credentials: "same-origin" });
        listSaved(container, { onRun });
      });
      item.append(el("span", "", q.name), run, remove);
      return item;
    }),
  );
}

export function saveQuery(name, operation, params) {
  const strings = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return postJSON("/api/v1/query/saved", { name, operation, params: strings });
}
