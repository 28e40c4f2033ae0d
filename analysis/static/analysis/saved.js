// Saved queries: listed with run and delete buttons; saving posts the current parameters.
import { button, el, getJSON, postJSON, sendJSON } from "../webmap/kit/dom.js";
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
        await sendJSON(`/api/v1/query/saved/${q.id}`, undefined, { method: "DELETE" });
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
