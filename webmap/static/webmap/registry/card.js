// The person card (人员卡片): who the person is (as the reader may see them), their houses, groups,
// visits, nearby events, moves and open warnings. Links lead to the building view of each house.
import { gettext } from "../kit/i18n.js";
import { badge, el, fields, groupBadges, label, section, when } from "./common.js";

function houseRow(h) {
  const item = el("li", "rg-row");
  const place = h.building_id
    ? el("a", { class: "rg-link", href: `/registry/buildings/${h.building_id}/` }, h.address)
    : el("span", "", h.address);
  item.append(place, el("span", "rg-muted", ` ${label("relation", h.relation)} · ${label("use", h.use)}`));
  if (h.until) item.append(el("span", "rg-muted", ` (${h.since ?? ""} – ${h.until})`));
  return item;
}

export function renderCard(container, card) {
  const head = el("header", "rg-card-head");
  head.append(el("h2", "rg-card-name", card.name), ...groupBadges(card.groups));
  const rows = [
    [gettext("性别"), label("gender", card.gender)], [gettext("年龄"), card.age !== null ? `${card.age} ${gettext("岁")}` : ""],
    [gettext("证件类型"), label("document_type", card.document_type)], [gettext("证件号码"), card.id_number],
    [gettext("联系电话"), card.phone], [gettext("民族"), card.ethnicity], [gettext("户籍类型"), label("registration", card.registration)],
    [gettext("状态"), label("status", card.status)], [gettext("现住址"), card.address],
  ];
  const parts = [head, fields(rows)];
  if (card.masked) parts.push(el("p", "rg-note", gettext("部分信息已按权限脱敏")));
  parts.push(
    section(gettext("房屋"), [el("ul", "rg-rows", null)].map((ul) => { ul.append(...card.houses.map(houseRow)); return ul; })),
    section(gettext("人群"), card.groups.map((g) => el("p", "rg-row", `${g.kind_name} · ${label("level", g.level)} · ${gettext("每 {n} 天走访", { n: g.visit_every_days })}`))),
    section(gettext("预警"), card.warnings.map((w) => el("p", "rg-row rg-warning", `${when(w.raised_at)} ${w.message}`))),
    section(gettext("走访记录"), card.visits.map((v) => {
      const row = el("p", "rg-row", `${when(v.time)} · ${v.user} · ${v.target}${v.note ? ` · ${v.note}` : ""}`);
      if (!v.accepted) row.append(badge(gettext("未通过佐证"), "warning"));
      return row;
    })),
    section(gettext("附近事项"), card.events.map((e) => el("p", "rg-row", `${when(e.time)} · ${e.category} · ${e.title} (${e.code})`))),
    section(gettext("迁入迁出"), card.transfers.map((t) => el("p", "rg-row", `${t.date} · ${label("transfer", t.kind)} · ${t.from || "—"} → ${t.to || "—"}`))),
  );
  container.replaceChildren(...parts);
  container.dataset.person = String(card.id);
}
