// The info panel: what was clicked or found (name, type, code; a place's kind and attributes), the
// chain above it (street › community › grid › micro-grid, from GET /api/v1/chain/{code}), and for
// a bare point the chain GET /api/v1/locate finds for it.
import { el, getJSON } from "../kit/dom.js";
import { choiceLabel, gettext } from "../kit/i18n.js";
import { BUILDING_NAMES } from "../layers/buildings.js";
import { typeName } from "../names.js";

const LEVELS = ["district", "street", "community", "grid", "micro_grid"];


function fields(rows) {
  const dl = el("dl", "info-fields");
  for (const [label, value] of rows) {
    if (value === undefined || value === null || value === "") continue;
    dl.append(el("dt", "", label), el("dd", "", String(value)));
  }
  return dl;
}

function formatPoint([lon, lat]) {
  return `${lon.toFixed(6)}, ${lat.toFixed(6)}`;
}

/** `onFly(code)` shows an area of the chain; `onLocate([lon, lat])` locates a WGS84 point. */
export function createInfoPanel(body, { placeKinds, gridKinds, onFly, onLocate }) {
  const kindLabels = Object.fromEntries(placeKinds.map((k) => [k.value, k.label]));
  const gridKindLabels = Object.fromEntries(gridKinds.map((k) => [k.value, k.label]));
  let shown = 0; // answers for an older selection are dropped

  function header(typeLabel, title, type) {
    const head = el("div", "info-title");
    head.append(el("span", `badge badge-${type}`, typeLabel), el("h3", "", title));
    return head;
  }

  function chainList(chain) {
    const ol = el("ol", "chain");
    ol.id = "info-chain";
    for (const item of chain) {
      const li = el("li");
      li.dataset.level = item.level;
      li.dataset.code = item.code;
      const name = el("button", "chain-name", item.name);
      name.type = "button";
      name.title = `${gettext("在地图上显示")} · ${item.code}`;
      name.addEventListener("click", () => onFly(item.code));
      li.append(el("span", "chain-level", typeName(item.level)), name, el("span", "chain-code", item.code));
      ol.append(li);
    }
    return ol;
  }

  function pointRow(point) {
    const row = el("div", "info-point");
    row.append(el("span", "info-point-label", gettext("点击位置")), el("span", "info-point-value", formatPoint(point)));
    const button = el("button", "link-button", gettext("定位此点"));
    button.type = "button";
    button.addEventListener("click", () => onLocate(point));
    row.append(button);
    return row;
  }

  function section(title, content) {
    const wrap = el("section", "info-section");
    wrap.append(el("h4", "", title), content);
    return wrap;
  }

  async function withChain(token, code, container) {
    if (!code) return;
    const slot = section(gettext("所属"), el("p", "hint", gettext("加载中…")));
    container.append(slot);
    try {
      const { chain } = await getJSON(`/api/v1/chain/${encodeURIComponent(code)}`);
      if (token === shown) slot.lastChild.replaceWith(chainList(chain));
    } catch (error) {
      if (token === shown) slot.lastChild.replaceWith(el("p", "error", error.message));
    }
  }

  async function details(token, entity, container) {
    if (entity.type === "place") {
      const feature = await getJSON(`/api/v1/places/${entity.id}`);
      const p = feature.properties;
      const attributes = Object.entries(p.attributes || {}).map(([key, value]) => [gettext(key), value]);
      if (token !== shown) return null;
      const kind = choiceLabel(p.kind, kindLabels[p.kind]);
      const badge = container.querySelector(".info-title .badge");
      badge.textContent = kind;
      badge.className = `badge badge-place-${p.kind}`;
      container.querySelector(".info-fields").replaceWith(fields([
        [gettext("类型"), kind], [gettext("位置编码"), p.location_code], ...attributes,
      ]));
      return p.location_code;
    }
    if (entity.type === "building") {
      const feature = await getJSON(`/api/v1/buildings/${entity.id}`);
      if (token !== shown) return null;
      const p = feature.properties;
      container.querySelector(".info-fields").replaceWith(fields([
        [gettext("类型"), gettext(BUILDING_NAMES[p.kind] ?? p.kind)], [gettext("编码"), p.code], [gettext("位置编码"), p.location_code],
      ]));
      const link = el("a", "info-link", gettext("楼盘表"));
      link.href = `/registry/buildings/${p.id}/`;
      container.append(link);
      return p.location_code;
    }
    if (entity.type === "grid" && !entity.kind) {
      const feature = await getJSON(`/api/v1/grids/${entity.id}`);
      const kind = feature.properties.kind;
      if (token === shown) container.querySelector(".info-fields").append(el("dt", "", gettext("类型")), el("dd", "", choiceLabel(kind, gridKindLabels[kind])));
    }
    return entity.code;
  }

  /** Shows an entity ({type, id, code, name, kind}); `point` is the WGS84 click, if any. */
  function showEntity(entity, { point } = {}) {
    const token = ++shown;
    const isPlace = entity.type === "place";
    const typeLabel = isPlace && entity.kind
      ? choiceLabel(entity.kind, kindLabels[entity.kind]) : typeName(entity.type);
    const rows = isPlace ? [[gettext("类型"), typeLabel]] : [[gettext("编码"), entity.code]];
    if (entity.type === "grid" && entity.kind) rows.push([gettext("类型"), choiceLabel(entity.kind, gridKindLabels[entity.kind])]);
    const content = el("div", "info-entity");
    content.dataset.type = entity.type;
    content.dataset.code = entity.code ?? "";
    content.append(header(typeLabel, entity.name, isPlace ? `place-${entity.kind ?? ""}` : entity.type), fields(rows));
    if (point) content.append(pointRow(point));
    body.replaceChildren(content);
    details(token, entity, content)
      .then((code) => token === shown && withChain(token, code, content))
      .catch((error) => token === shown && content.append(el("p", "error", error.message)));
  }

  /** Shows the chain of areas at a WGS84 point. */
  async function showLocation(point) {
    const token = ++shown;
    const content = el("div", "info-entity");
    content.dataset.type = "point";
    content.append(header(gettext("位置"), formatPoint(point), "point"), el("p", "hint", gettext("正在定位…")));
    body.replaceChildren(content);
    try {
      const found = await getJSON(`/api/v1/locate?${new URLSearchParams({ lon: point[0].toFixed(7), lat: point[1].toFixed(7), crs: "wgs84" })}`);
      if (token !== shown) return null;
      const chain = LEVELS.filter((level) => found[level]).map((level) => ({ level, ...found[level] }));
      content.lastChild.replaceWith(section(gettext("所属"), chainList(chain)));
      return chain.at(-1) ?? null;
    } catch (error) {
      if (token === shown) content.lastChild.replaceWith(el("p", "error", error.status === 404 ? gettext("不在辖区范围内") : error.message));
      return null;
    }
  }

  return { showEntity, showLocation };
}
