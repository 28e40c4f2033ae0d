// Saved queries: listed with run and delete buttons; saving posts the current parameters.
import { getJSON, postJSON, csrfToken } from "../webmap/api.js";
import { el, button } from "../webmap/events/dom.js";

export async function listSaved(container, strings, { onRun }) {
  const saved = await getJSON("/api/v1/query/saved");
  container.replaceChildren(
    ...saved.map((q) => {
      const item = el("li", "");
      const run = button("wb-button", strings.run);
      run.addEventListener("click", () => onRun(q));
      const remove = button("wb-button", strings.delete);
      remove.addEventListener("click", async () => {
        await fetch(`/api/v1/query/saved/${q.id}`, { method: "DELETE", headers: { "X-CSRFToken": csrfToken() }, credentials: "same-origin" });
        listSaved(container, strings, { onRun });
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
