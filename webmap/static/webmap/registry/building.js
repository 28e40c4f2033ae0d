// The building view (楼盘表): floors from the top down, one column per unit and room; each room
// shows its occupancy, use and flags. A room opens its residents; a resident opens the person card.
import { getJSON } from "../kit/dom.js";
import { gettext } from "../kit/i18n.js";
import { renderCard } from "./card.js";
import { badge, config, el, fields, flagName, label } from "./common.js";

const $ = (id) => document.getElementById(id);
const side = $("rg-room");
const FLAG_ORDER = ["special", "care", "warning", "over_occupancy", "group_rental", "rental_expired", "rented", "empty"];

function head(b) {
  const header = $("rg-building-head");
  header.replaceChildren(
    el("h1", "rg-building-title", `${b.address} ${b.name}`),
    fields([[gettext("类型"), label("kind", b.kind)], [gettext("层数"), b.floors], [gettext("实有人口"), b.people], ["", b.code]]),
  );
}

function legend() {
  $("rg-legend").replaceChildren(
    el("span", "rg-muted", `${gettext("图例")}: `),
    ...Object.entries(config.choices.use).map(([use, text]) => el("span", `rg-room-swatch rg-use-${use}`, text)),
    ...FLAG_ORDER.slice(0, 4).map((f) => badge(flagName(f), f)),
  );
}

function roomCell(h) {
  const cell = el("button", { class: `rg-room rg-use-${h.use}`, type: "button", "data-house": h.id, "data-flags": h.flags.join(" "), role: "gridcell",
    "aria-label": `${h.unit ? `${h.unit}${gettext("单元")} ` : ""}${h.room} ${label("use", h.use)} ${gettext("居住人数")} ${h.occupancy}` });
  cell.append(el("span", "rg-room-no", h.room || "—"), el("span", "rg-room-count", `${gettext("居住人数")} ${h.occupancy}`));
  const marks = el("span", "rg-room-flags");
  for (const flag of FLAG_ORDER) if (h.flags.includes(flag)) marks.append(badge(flagName(flag), flag));
  cell.append(marks);
  cell.addEventListener("click", () => showRoom(h, cell));
  return cell;
}

function render(b) {
  head(b);
  legend();
  const columns = [...new Map(b.houses.map((h) => [`${h.unit}|${h.room.slice(-2)}`, h])).keys()].sort();
  const floors = [...new Set(b.houses.map((h) => h.floor))].sort((a, c) => c - a);
  const table = el("table", "rg-floor-table");
  const thead = el("tr");
  thead.append(el("th", "", gettext("层")), ...columns.map((c) => el("th", "", c.split("|")[0] ? `${c.split("|")[0]}${gettext("单元")}` : "")));
  table.append(thead);
  for (const floor of floors) {
    const tr = el("tr", { "data-floor": floor });
    tr.append(el("th", "", `${floor}${gettext("层")}`));
    for (const column of columns) {
      const td = el("td");
      const house = b.houses.find((h) => h.floor === floor && `${h.unit}|${h.room.slice(-2)}` === column);
      if (house) td.append(roomCell(house));
      tr.append(td);
    }
    table.append(tr);
  }
  $("rg-floors").replaceChildren(table);
}

function showRoom(h, cell) {
  for (const node of document.querySelectorAll(".rg-room.rg-selected")) node.classList.remove("rg-selected");
  cell.classList.add("rg-selected");
  const list = el("ul", "rg-rows");
  for (const r of h.residents) {
    const item = el("li", "rg-row");
    const link = el("a", { class: "rg-link rg-resident", href: `/registry/people/${r.id}/`, "data-id": r.id }, r.name);
    link.addEventListener("click", async (e) => {
      e.preventDefault();
      side.replaceChildren(el("p", "rg-empty", gettext("加载中…")));
      renderCard(side, await getJSON(`/api/v1/people/${r.id}/card`));
    });
    item.append(link, el("span", "rg-muted", ` ${label("relation", r.relation)}`), ...r.groups.map((g) => badge(g, "group")));
    list.append(item);
  }
  side.replaceChildren(
    el("h2", "", `${h.unit ? `${h.unit}${gettext("单元")} ` : ""}${h.room}`),
    fields([[gettext("状态"), label("use", h.use)], [gettext("居住人数"), h.occupancy]]),
    el("h3", "", gettext("住户")),
    h.residents.length ? list : el("p", "rg-empty", gettext("无")),
  );
}

getJSON(`/api/v1/buildings/${config.building}/rooms`)
  .then(render)
  .catch((error) => $("rg-floors").replaceChildren(el("p", "rg-error", error.message)));
