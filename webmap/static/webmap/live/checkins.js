// Check-ins flashing on the map (GeoJSON source `checkin-flash`): a ring pulses out from the spot
// for FLASH_MS, green for an accepted check-in, slate for a check-out, red for a refused one.
import { gettext_noop } from "../kit/i18n.js";
import { addToSlot } from "../layers/slots.js";

const SOURCE = "checkin-flash";
const FLASH_MS = 4500;
const PULSE_MS = 1500;
export const FLASH_COLORS = { in: "#16a34a", out: "#475569", refused: "#dc2626" };

export const toggles = [
  {
    key: "checkins", label: gettext_noop("签到"), live: true,
    layers: ["checkin-flash-ring", "checkin-flash-dot"],
    swatch: { ring: FLASH_COLORS.in },
  },
];

export function flashKind(checkin) {
  if (!checkin.accepted) return "refused";
  return checkin.kind === "out" ? "out" : "in";
}

export function createCheckinFlashes(map, { toMap }) {
  map.addSource(SOURCE, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  const color = ["match", ["get", "kind"], "refused", FLASH_COLORS.refused, "out", FLASH_COLORS.out, FLASH_COLORS.in];
  addToSlot(map, "live", {
    id: "checkin-flash-ring", type: "circle", source: SOURCE,
    paint: {
      "circle-radius": ["interpolate", ["linear"], ["get", "pulse"], 0, 8, 1, 44],
      "circle-color": color,
      "circle-opacity": ["interpolate", ["linear"], ["get", "pulse"], 0, 0.45, 1, 0],
      "circle-stroke-color": color, "circle-stroke-width": 2,
      "circle-stroke-opacity": ["interpolate", ["linear"], ["get", "pulse"], 0, 0.9, 1, 0],
    },
  });
  addToSlot(map, "live", {
    id: "checkin-flash-dot", type: "circle", source: SOURCE,
    paint: {
      "circle-radius": 7, "circle-color": color, "circle-stroke-color": "#fff", "circle-stroke-width": 2.5,
      "circle-opacity": ["interpolate", ["linear"], ["get", "fade"], 0, 1, 1, 0],
      "circle-stroke-opacity": ["interpolate", ["linear"], ["get", "fade"], 0, 1, 1, 0],
    },
  });

  const flashes = []; // {id, at: [lon, lat] on the map, kind, start}
  let frame = 0;

  function draw(now) {
    frame = 0;
    for (let i = flashes.length - 1; i >= 0; i--) if (now - flashes[i].start > FLASH_MS) flashes.splice(i, 1);
    map.getSource(SOURCE).setData({
      type: "FeatureCollection",
      features: flashes.map((f) => {
        const age = now - f.start;
        return {
          type: "Feature",
          properties: {
            id: f.id, kind: f.kind, pulse: (age % PULSE_MS) / PULSE_MS,
            fade: Math.max(0, (age - FLASH_MS + 600) / 600),
          },
          geometry: { type: "Point", coordinates: f.at },
        };
      }),
    });
    if (flashes.length) frame = requestAnimationFrame(draw);
  }

  return {
    /** Flashes a `checkin` frame at its WGS84 lon/lat. */
    flash(checkin) {
      const at = toMap([checkin.lon, checkin.lat]);
      flashes.push({ id: checkin.id, at, kind: flashKind(checkin), start: performance.now() });
      if (!frame) frame = requestAnimationFrame(draw);
    },
    active: () => flashes.map((f) => ({ id: f.id, kind: f.kind })),
  };
}
