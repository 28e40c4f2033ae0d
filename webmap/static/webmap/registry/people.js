// People search and list (人口信息): one box for an ID number, a phone or a name prefix, filters by
// area, group and level, the list with paging, and the person card beside it.
import { getJSON } from "../kit/dom.js";
import { gettext } from "../kit/i18n.js";
import { renderCard } from "./card.js";
import { config, el, groupBadges, label } from "./common.js";

const $ = (id) => document.getElementById(id);
const form = $("rg-search");
const list = $("rg-list");
const more = $("rg-more");
const cardPane = $("rg-card");
const PAGE = 50;
let offset = 0;

function select(name, options, allLabel) {
  const node = el("select", { class: "rg-select", name, "aria-label": allLabel });
  node.append(el("option", { value: "" }, allLabel));
  for (const [value, text] of Object.entries(options)) node.append(el("option", { value }, text));
  return node;
}

form.append(
  el("input", { class: "rg-input", name: "q", type: "search", placeholder: gettext("身份证号、手机号或姓名"), "aria-label": gettext("身份证号、手机号或姓名") }),
  el("input", { class: "rg-input rg-code", name: "code", inputmode: "numeric", placeholder: gettext("区域编码"), "aria-label": gettext("区域编码") }),
  select("group", config.choices.group, `${gettext("人群类别")}: ${gettext("全部")}`),
  select("level", config.choices.level, `${gettext("管控等级")}: ${gettext("全部")}`),
  select("registration", config.choices.registration, `${gettext("户籍类型")}: ${gettext("全部")}`),
  el("button", { class: "rg-button", type: "submit" }, gettext("查询")),
);
more.textContent = gettext("加载更多");

function query() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (value) params.set(key, value);
  params.set("limit", PAGE);
  params.set("offset", offset);
  return params;
}

function row(p) {
  const item = el("li", { class: "rg-person", tabindex: 0, "data-id": p.id });
  item.append(
    el("span", "rg-person-name", p.name),
    el("span", "rg-muted", ` ${label("gender", p.gender)} ${p.age ?? ""}${p.age !== null ? gettext("岁") : ""}`),
    ...groupBadges(p.groups),
    el("span", "rg-person-address", p.address),
  );
  const open = () => showCard(p.id, item);
  item.addEventListener("click", open);
  item.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
  return item;
}

async function load({ append = false } = {}) {
  if (!append) { offset = 0; list.replaceChildren(el("li", "rg-empty", gettext("加载中…"))); }
  try {
    const page = await getJSON(`/api/v1/people?${query()}`);
    if (!append) list.replaceChildren();
    list.append(...page.results.map(row));
    if (!list.children.length) list.append(el("li", "rg-empty", gettext("没有符合条件的人员")));
    more.hidden = page.next_offset === null;
    if (page.next_offset !== null) offset = page.next_offset;
  } catch (error) {
    list.replaceChildren(el("li", "rg-error", error.message));
  }
}

async function showCard(id, item) {
  for (const node of list.querySelectorAll(".rg-selected")) node.classList.remove("rg-selected");
  item?.classList.add("rg-selected");
  cardPane.replaceChildren(el("p", "rg-empty", gettext("加载中…")));
  try {
    renderCard(cardPane, await getJSON(`/api/v1/people/${id}/card`));
    cardPane.append(el("a", { class: "rg-link", href: `/registry/people/${id}/` }, gettext("人员卡片")));
  } catch (error) {
    cardPane.replaceChildren(el("p", "rg-error", error.message));
  }
}

form.addEventListener("submit", (e) => { e.preventDefault(); load(); });
more.addEventListener("click", () => load({ append: true }));
load();
