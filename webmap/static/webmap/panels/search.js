// The search box: streets, communities, grids and micro-grids by code prefix or name, places by
// name (GET /api/v1/search), or a "lon, lat" pair (WGS84) to locate. Debounced; stale answers are
// dropped.
import { getJSON } from "../kit/dom.js";
import { gettext } from "../kit/i18n.js";
import { typeName } from "../names.js";

const DEBOUNCE_MS = 250;
const LIMIT = 20;
const LON_LAT = /^\s*(-?\d{1,3}\.\d+)\s*[,，\s]\s*(-?\d{1,2}\.\d+)\s*$/;

export function createSearch({ input, form, list, onSelect, onLocate }) {
  let timer = null;
  let controller = null;
  let items = [];
  let active = -1;

  function show(entries, message) {
    list.replaceChildren();
    items = entries;
    active = -1;
    if (message) {
      const li = document.createElement("li");
      li.className = "search-message";
      li.textContent = message;
      list.append(li);
    }
    entries.forEach((entry, i) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.dataset.index = String(i);
      li.className = "search-result";
      const badge = document.createElement("span");
      badge.className = `badge badge-${entry.type}`;
      badge.textContent = entry.type === "lonlat" ? gettext("位置") : typeName(entry.type);
      const name = document.createElement("span");
      name.className = "result-name";
      name.textContent = entry.name;
      const code = document.createElement("span");
      code.className = "result-code";
      code.textContent = entry.code ?? "";
      li.append(badge, name, code);
      li.addEventListener("mousedown", (e) => e.preventDefault()); // keep focus; click still fires
      li.addEventListener("click", () => choose(i));
      list.append(li);
    });
    list.hidden = !entries.length && !message;
  }

  function choose(i) {
    const entry = items[i];
    if (!entry) return;
    list.hidden = true;
    if (entry.type === "lonlat") onLocate(entry.lonLat);
    else {
      input.value = entry.name;
      onSelect(entry);
    }
  }

  function mark(i) {
    const rows = list.querySelectorAll(".search-result");
    if (!rows.length) return;
    active = (i + rows.length) % rows.length;
    rows.forEach((row, n) => row.classList.toggle("active", n === active));
    rows[active].scrollIntoView({ block: "nearest" });
  }

  async function run(text) {
    controller?.abort();
    const point = text.match(LON_LAT);
    if (point) {
      const lonLat = [Number(point[1]), Number(point[2])];
      show([{ type: "lonlat", name: `${lonLat[0].toFixed(6)}, ${lonLat[1].toFixed(6)}`, code: "WGS84", lonLat }]);
      return;
    }
    if (!text.trim()) {
      show([]);
      return;
    }
    controller = new AbortController();
    try {
      const body = await getJSON(`/api/v1/search?${new URLSearchParams({ q: text.trim(), limit: LIMIT })}`, { signal: controller.signal });
      show(body.results, body.results.length ? null : gettext("没有找到结果"));
    } catch (error) {
      if (error.name !== "AbortError") show([], `${gettext("搜索失败")}: ${error.message}`);
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { e.preventDefault(); mark(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); mark(active - 1); }
    else if (e.key === "Escape") { list.hidden = true; }
  });
  input.addEventListener("focus", () => { if (list.children.length) list.hidden = false; });
  input.addEventListener("blur", () => setTimeout(() => { list.hidden = true; }, 150));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearTimeout(timer);
    if (active < 0) {
      await run(input.value);
      active = 0;
    }
    choose(active);
  });
}
