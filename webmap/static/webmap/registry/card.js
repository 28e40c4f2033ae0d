// The person card (人员卡片): who the person is (as the reader may see them), their houses, groups,
// visits, nearby events, moves and open warnings. Links lead to the building view of each house.
import { badge, el, fields, groupBadges, label, S, section, when } from "./common.js";

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
    [S.gender, label("gender", card.gender)], [S.age, card.age !== null ? `${card.age} ${S.years}` : ""],
    [S.document, label("document_type", card.document_type)], [S.id_number, card.id_number],
    [S.phone, card.phone], [S.ethnicity, card.ethnicity], [S.registration, label("registration", card.registration)],
    [S.status, label("status", card.status)], [S.address, card.address],
  ];
  const parts = [head, fields(rows)];
  if (card.masked) parts.push(el("p", "rg-note", S.masked));
  parts.push(
    section(S.houses, [el("ul", "rg-rows", null)].map((ul) => { ul.append(...card.houses.map(houseRow)); return ul; })),
    section(S.groups, card.groups.map((g) => el("p", "rg-row", `${g.kind_name} · ${label("level", g.level)} · ${S.every_days.replace("{n}", g.visit_every_days)}`))),
    section(S.warnings, card.warnings.map((w) => el("p", "rg-row rg-warning", `${when(w.raised_at)} ${w.message}`))),
    section(S.visits, card.visits.map((v) => {
      const row = el("p", "rg-row", `${when(v.time)} · ${v.user} · ${v.target}${v.note ? ` · ${v.note}` : ""}`);
      if (!v.accepted) row.append(badge(S.not_accepted, "warning"));
      return row;
    })),
    section(S.events, card.events.map((e) => el("p", "rg-row", `${when(e.time)} · ${e.category} · ${e.title} (${e.code})`))),
    section(S.transfers, card.transfers.map((t) => el("p", "rg-row", `${t.date} · ${label("transfer", t.kind)} · ${t.from || "—"} → ${t.to || "—"}`))),
  );
  container.replaceChildren(...parts);
  container.dataset.person = String(card.id);
}
