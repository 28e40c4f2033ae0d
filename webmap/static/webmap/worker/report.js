// 上报: a new event from the phone — a category (GET /api/v1/event-categories; a category that
// requires a photo is refused here without one, as the server would), a description, the place
// (the phone's position, then a pin the worker may drag on the map of their grid) and photos from
// the camera, compressed on the phone. It goes through the queue (POST /api/v1/events, multipart,
// with a client id), so it is kept offline and stored once however often it is retried.
import { getJSON, option } from "../kit/dom.js";
import { gettext } from "../kit/i18n.js";
import { createGridMap } from "./gridmap.js";
import { photoPicker } from "./photos.js";
import { currentPosition } from "./tracker.js";

const TITLE_CHARS = 24; // the event's title: the category and the start of the description

function categoryOptions(categories) {
  const parents = new Set(categories.map((c) => c.parent).filter(Boolean));
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const options = [option("", gettext("请选择分类"))];
  for (const c of categories) {
    if (parents.has(c.code)) continue; // report under a leaf
    const parent = c.parent ? byCode.get(c.parent) : null;
    const label = parent ? `${parent.name} · ${c.name}` : c.name;
    options.push(option(c.code, c.photo_required ? `${label}（${gettext("须附照片")}）` : label));
  }
  return options;
}

/** `queue`: the worker's Queue; `$`: id lookup. Returns `{categories, map, photos, message}`. */
export function createReport({ queue, $ }) {
  const form = $("report-form");
  const select = $("report-category");
  const message = $("report-message");
  let categories = [];
  let located = null; // WGS84 [lon, lat]

  const photos = photoPicker({ id: "report-photo-input", max: 9 });
  $("report-photos").append(photos.element);

  function say(tone, text) {
    message.hidden = false;
    message.dataset.tone = tone;
    message.textContent = text;
  }

  function showLocation(lonLat) {
    located = lonLat;
    $("report-location").textContent = lonLat ? `${lonLat[0].toFixed(6)}, ${lonLat[1].toFixed(6)}` : "";
  }

  let gridMap = null;
  function ensureMap() {
    if (gridMap) return gridMap;
    gridMap = createGridMap($("report-map"), { onPin: showLocation });
    return gridMap;
  }

  async function locate() {
    ensureMap();
    say("info", gettext("正在定位…"));
    try {
      const p = await currentPosition();
      const lonLat = [p.coords.longitude, p.coords.latitude];
      await gridMap.ready;
      gridMap.setPin(lonLat);
      showLocation(lonLat);
      message.hidden = true;
    } catch (error) {
      say("alert", gettext("无法获取位置：{reason}", { reason: error.message || error.code }));
    }
  }

  async function loadCategories() {
    try {
      categories = await getJSON("/api/v1/event-categories");
      select.replaceChildren(...categoryOptions(categories));
    } catch {
      select.replaceChildren(option("", gettext("分类暂不可用，请联网后重试")));
    }
  }

  function category() {
    return categories.find((c) => c.code === select.value) || null;
  }

  select.addEventListener("change", () => {
    $("report-photo-rule").hidden = !category()?.photo_required;
  });
  $("report-locate").addEventListener("click", locate);

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const chosen = category();
    const description = $("report-description").value.trim();
    if (!chosen) return say("alert", gettext("请选择事项分类"));
    if (!located) return say("alert", gettext("请确定事项位置"));
    if (photos.busy()) return say("alert", gettext("照片处理中，请稍候"));
    const taken = photos.photos();
    if (chosen.photo_required && !taken.length) return say("alert", gettext("该类事项须附照片"));
    const title = description ? `${chosen.name}：${description.slice(0, TITLE_CHARS)}` : chosen.name;
    await queue.add({
      kind: "event",
      url: "/api/v1/events",
      fields: { title, description, category: chosen.code, lon: located[0], lat: located[1], crs: "wgs84" },
      files: taken.map((p) => ({ field: "photos", blob: p.blob, name: p.name })),
      label: title,
    });
    form.reset();
    photos.clear();
    $("report-photo-rule").hidden = true;
    say("ok", navigator.onLine ? gettext("已提交，正在发送…") : gettext("已保存在手机上，恢复网络后自动发送"));
  });

  /** The queue's answer for one of our events. */
  function sent(item, reply) {
    say("ok", gettext("已上报：{code}", { code: reply.properties?.code ?? reply.code ?? "" }));
  }

  return { loadCategories, ensureMap, locate, sent, photos, get map() { return gridMap; } };
}
