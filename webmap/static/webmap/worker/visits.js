// 寻访: the places of the worker's grid (GET /api/v1/visits/places) by distance from the phone or
// by the days since their last visit. A tap opens the place; 打卡 records a visit with a note and a
// photo through the queue (POST /api/v1/visits with the time of the tap, so the server proves it
// with the fixes around that moment even when it arrives later). After sync the place shows the
// server's verdict: accepted or not, and the proof distance.
import { button, el, getJSON } from "../kit/dom.js";
import { formatDistance, formatShortClock } from "../kit/format.js";
import { gettext } from "../kit/i18n.js";
import { photoPicker } from "./photos.js";
import { currentPosition } from "./tracker.js";

export function createVisits({ queue, $, lastPosition }) {
  const list = $("visit-list");
  let order = "distance";
  let places = [];
  let open = null; // a place id
  const results = new Map(); // place id → {state: "queued" | "sent", visit?}

  function since(place) {
    if (place.days_since_visit === null) return gettext("从未寻访");
    if (place.days_since_visit === 0) return gettext("今日已寻访");
    return gettext("{n} 天未寻访", { n: place.days_since_visit });
  }

  function verdict(place) {
    const result = results.get(place.id);
    if (!result) return null;
    if (result.state === "queued") return el("p", { class: "visit-result", dataset: { state: "queued" } }, gettext("已打卡，待发送"));
    const v = result.visit;
    const distance = v.proof_distance_m === null ? gettext("无定位佐证") : gettext("佐证距离 {d}", { d: formatDistance(v.proof_distance_m) });
    return el("p", { class: "visit-result", dataset: { state: v.accepted ? "accepted" : "refused" } },
      `${v.accepted ? gettext("打卡有效") : gettext("打卡无效")} · ${distance} · ${formatShortClock(v.time)}`,
      v.reason && !v.accepted ? el("small", null, v.reason) : null);
  }

  function form(place) {
    const note = el("textarea", { class: "visit-note", rows: 2, maxlength: 500, placeholder: gettext("寻访记录") });
    const picker = photoPicker({ id: `visit-photo-${place.id}`, max: 1 });
    const go = button({ class: "primary-button visit-send" }, gettext("打卡"));
    go.addEventListener("click", async () => {
      if (picker.busy()) return;
      const photo = picker.photos()[0];
      await queue.add({
        kind: "visit",
        url: "/api/v1/visits",
        fields: { place: place.id, note: note.value.trim(), time: new Date().toISOString() },
        files: photo ? [{ field: "photo", blob: photo.blob, name: photo.name }] : [],
        label: place.name,
        meta: { place: place.id },
      });
      results.set(place.id, { state: "queued" });
      open = null;
      render();
    });
    return el("div", "visit-form", note, picker.element, go);
  }

  function row(place) {
    const head = button({ class: "visit-head" },
      el("strong", null, place.name),
      el("span", "visit-kind", place.kind_label),
      el("span", "visit-facts", place.distance_m !== null ? formatDistance(place.distance_m) : "", el("span", "visit-since", since(place))));
    head.addEventListener("click", () => { open = open === place.id ? null : place.id; render(); });
    return el("li", { class: "visit-row", dataset: { id: place.id } }, head, verdict(place), open === place.id ? form(place) : null);
  }

  function render() {
    list.replaceChildren(...places.map(row));
    $("visits-empty").hidden = places.length > 0;
  }

  async function refresh() {
    const params = new URLSearchParams({ order });
    let p = lastPosition();
    if (!p && order === "distance") p = await currentPosition().catch(() => null);
    if (p) {
      params.set("lon", p.coords.longitude.toFixed(6));
      params.set("lat", p.coords.latitude.toFixed(6));
    }
    try {
      places = (await getJSON(`/api/v1/visits/places?${params}`)).places;
    } catch {
      return; // offline before the first load
    }
    render();
  }

  for (const seg of document.querySelectorAll(".segmented .seg")) {
    seg.addEventListener("click", () => {
      order = seg.dataset.order;
      for (const other of document.querySelectorAll(".segmented .seg")) other.setAttribute("aria-pressed", String(other === seg));
      refresh();
    });
  }

  /** The queue's answer for one of our visits. */
  function sent(item, visit) {
    results.set(item.meta.place, { state: "sent", visit });
    render();
    refresh(); // the days since the last visit, as the server now counts them
  }

  return { refresh, sent, get places() { return places; }, results };
}
