// Replaying a worker's track of today (GET /api/v1/workers/{username}/track): the line, a marker
// that a time slider moves along it (interpolated between fixes), and play/pause. A whole day
// plays in about PLAY_MS.
import { el, getJSON } from "../kit/dom.js";
import { formatClock } from "../kit/format.js";
import { gettext } from "../kit/i18n.js";
import { addToSlot } from "../layers/slots.js";
import { FONT_BOLD } from "../theme.js";

const PLAY_MS = 20000;
const MIN_SPEED = 10; // never slower than 10× real time
const TRACK_COLOR = "#7c3aed";
const EMPTY = { type: "FeatureCollection", features: [] };

function addLayers(map) {
  map.addSource("replay-track", { type: "geojson", data: EMPTY });
  map.addSource("replay-point", { type: "geojson", data: EMPTY });
  addToSlot(map, "live", {
    id: "replay-track-casing", type: "line", source: "replay-track",
    layout: { "line-join": "round", "line-cap": "round" },
    paint: { "line-color": "#fff", "line-width": 7, "line-opacity": 0.9 },
  });
  addToSlot(map, "live", {
    id: "replay-track-line", type: "line", source: "replay-track",
    layout: { "line-join": "round", "line-cap": "round" },
    paint: { "line-color": TRACK_COLOR, "line-width": 3.5 },
  });
  addToSlot(map, "live", {
    id: "replay-point", type: "circle", source: "replay-point",
    paint: { "circle-radius": 8, "circle-color": TRACK_COLOR, "circle-stroke-color": "#fff", "circle-stroke-width": 3 },
  });
  addToSlot(map, "live", {
    id: "replay-point-label", type: "symbol", source: "replay-point",
    layout: {
      "text-field": ["get", "time"], "text-font": FONT_BOLD, "text-size": 12, "text-anchor": "bottom",
      "text-offset": [0, -1.1], "text-allow-overlap": true,
    },
    paint: { "text-color": TRACK_COLOR, "text-halo-color": "#fff", "text-halo-width": 2 },
  });
}


/** The point at `ms` (epoch) along `coords` with parallel `stamps` (epoch ms), linearly between fixes. */
export function pointAt(coords, stamps, ms) {
  if (ms <= stamps[0]) return coords[0];
  const last = stamps.length - 1;
  if (ms >= stamps[last]) return coords[last];
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (stamps[mid] <= ms) lo = mid;
    else hi = mid;
  }
  const k = (ms - stamps[lo]) / (stamps[hi] - stamps[lo] || 1);
  return [coords[lo][0] + (coords[hi][0] - coords[lo][0]) * k, coords[lo][1] + (coords[hi][1] - coords[lo][1]) * k];
}

/** `fit([[w, s], [e, n]])` frames the track (map datum). */
export function createReplay(map, { toMap, fit }) {
  addLayers(map);
  let run = 0; // bumps on every load/clear, so an old fetch or animation stops touching the map
  let frame = 0;

  function clear() {
    run += 1;
    cancelAnimationFrame(frame);
    map.getSource("replay-track").setData(EMPTY);
    map.getSource("replay-point").setData(EMPTY);
  }

  /** Loads `username`'s track of today and puts its controls into `container`. */
  async function load(username, container) {
    clear();
    const mine = run;
    container.replaceChildren(el("p", "hint", gettext("正在加载轨迹…")));
    let track;
    try {
      track = await getJSON(`/api/v1/workers/${encodeURIComponent(username)}/track`);
    } catch (error) {
      if (mine === run) container.replaceChildren(el("p", "error", error.message));
      return;
    }
    if (mine !== run) return;
    const coords = track.geometry.coordinates.map((c) => toMap(c));
    const stamps = track.properties.times.map((time) => Date.parse(time));
    if (!coords.length) {
      container.replaceChildren(el("p", "hint", gettext("今日暂无轨迹")));
      return;
    }
    map.getSource("replay-track").setData({ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: coords } });
    const xs = coords.map((c) => c[0]);
    const ys = coords.map((c) => c[1]);
    fit([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]]);
    container.replaceChildren(controls(mine, coords, stamps));
  }

  function controls(mine, coords, stamps) {
    const start = stamps[0];
    const span = Math.max(1, (stamps.at(-1) - start) / 1000);
    const wrap = el("div", "replay");
    const play = el("button", "replay-play", "▶");
    play.type = "button";
    play.setAttribute("aria-label", gettext("播放"));
    const slider = el("input", "replay-slider");
    Object.assign(slider, { type: "range", min: "0", max: String(Math.ceil(span)), step: "1", value: "0" });
    slider.setAttribute("aria-label", gettext("回放今日轨迹"));
    const clock = el("output", "replay-time");
    const summary = el("div", "replay-summary", `${formatClock(start)} – ${formatClock(stamps.at(-1))} · ${coords.length} ${gettext("个定位点")}`);
    const row = el("div", "replay-row");
    row.append(play, slider, clock);
    wrap.append(row, summary);

    function show() {
      const ms = start + Number(slider.value) * 1000;
      clock.textContent = formatClock(ms);
      map.getSource("replay-point").setData({
        type: "Feature", properties: { time: formatClock(ms) },
        geometry: { type: "Point", coordinates: pointAt(coords, stamps, ms) },
      });
    }

    function pause() {
      cancelAnimationFrame(frame);
      frame = 0;
      play.textContent = "▶";
      play.setAttribute("aria-label", gettext("播放"));
      wrap.classList.remove("playing");
    }

    function resume() {
      if (Number(slider.value) >= Number(slider.max)) slider.value = "0";
      const speed = Math.max(MIN_SPEED, (span * 1000) / PLAY_MS);
      let last = performance.now();
      let position = Number(slider.value);
      play.textContent = "❚❚";
      play.setAttribute("aria-label", gettext("暂停"));
      wrap.classList.add("playing");
      const step = (now) => {
        if (mine !== run) return;
        position = Math.min(Number(slider.max), position + ((now - last) / 1000) * speed);
        last = now;
        slider.value = String(Math.floor(position));
        show();
        if (position >= Number(slider.max)) pause();
        else frame = requestAnimationFrame(step);
      };
      frame = requestAnimationFrame(step);
    }

    play.addEventListener("click", () => (frame ? pause() : resume()));
    slider.addEventListener("input", () => { pause(); show(); });
    show();
    return wrap;
  }

  return { load, clear };
}
