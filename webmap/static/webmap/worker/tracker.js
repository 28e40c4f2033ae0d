// The browser's position while sharing is on: navigator.geolocation.watchPosition, plus a fresh
// reading every KEEPALIVE_MS so a worker standing still is not taken for lost (失联). Each reading
// becomes a fix in the shape of POST /api/v1/positions (WGS84 degrees, metres, m/s).
const KEEPALIVE_MS = 30000;
const MIN_GAP_MS = 1000; // readings closer together than this add nothing
const OPTIONS = { enableHighAccuracy: true, maximumAge: 5000, timeout: 30000 };

/** A v4 UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const finite = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** A GeolocationPosition as a fix; `battery` is a BatteryManager or null. */
export function toFix(position, battery = null) {
  const c = position.coords;
  const heading = finite(c.heading);
  const speed = finite(c.speed);
  const fix = {
    id: uuid(),
    time: new Date(position.timestamp).toISOString(),
    lon: c.longitude,
    lat: c.latitude,
    accuracy_m: finite(c.accuracy),
    speed_mps: speed !== null && speed >= 0 ? speed : null,
    heading: heading !== null && heading >= 0 && heading <= 360 ? heading : null,
    altitude_m: finite(c.altitude),
  };
  if (battery) {
    fix.battery = Math.min(1, Math.max(0, battery.level));
    fix.charging = Boolean(battery.charging);
  }
  return fix;
}

/** A reading of the current position (a Promise of GeolocationPosition). */
export function currentPosition(options = {}) {
  return new Promise((resolve, reject) => {
    if (!("geolocation" in navigator)) {
      reject(new Error("unsupported"));
      return;
    }
    navigator.geolocation.getCurrentPosition(resolve, reject, { ...OPTIONS, maximumAge: 0, ...options });
  });
}

/** `onFix(fix, position)` for every reading while started; `onError(GeolocationPositionError)`. */
export function createTracker({ onFix, onError = () => {} }) {
  let watch = null;
  let keepalive = 0;
  let last = 0;
  let battery = null;
  navigator.getBattery?.().then((b) => { battery = b; }).catch(() => {});

  function take(position) {
    if (position.timestamp - last < MIN_GAP_MS) return;
    last = position.timestamp;
    onFix(toFix(position, battery), position);
  }

  return {
    get running() {
      return watch !== null;
    },
    start() {
      if (watch !== null || !("geolocation" in navigator)) return;
      watch = navigator.geolocation.watchPosition(take, onError, OPTIONS);
      const poll = () => navigator.geolocation.getCurrentPosition(take, onError, { ...OPTIONS, maximumAge: 0 });
      keepalive = setInterval(poll, KEEPALIVE_MS);
    },
    stop() {
      if (watch !== null) navigator.geolocation.clearWatch(watch);
      clearInterval(keepalive);
      watch = null;
    },
  };
}
