// Map coordinates vs WGS84. Our data is WGS84; over a GCJ-02 base map (AMap, Tencent) the server
// shifts the tiles, so everything else placed on the map (label points, search extents) must be
// shifted the same way, and pointer positions shifted back before we show or send them.
// The formula is geo/crs.py's (the published GCJ-02 one); the inverse iterates like it does.
const A = 6378245.0;
const EE = 0.006693421622965943;

function outsideChina(lon, lat) {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function shiftLat(x, y) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y / 30) * Math.PI)) * 2) / 3;
  return r;
}

function shiftLon(x, y) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

function wgs84ToGcj02([lon, lat]) {
  if (outsideChina(lon, lat)) return [lon, lat];
  const radLat = (lat * Math.PI) / 180;
  const w = 1 - EE * Math.sin(radLat) ** 2;
  const dLat = (shiftLat(lon - 105, lat - 35) * 180) / (((A * (1 - EE)) / (w * Math.sqrt(w))) * Math.PI);
  const dLon = (shiftLon(lon - 105, lat - 35) * 180) / ((A / Math.sqrt(w)) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

function gcj02ToWgs84([lon, lat]) {
  let guess = [lon, lat];
  for (let i = 0; i < 10; i++) {
    const [fLon, fLat] = wgs84ToGcj02(guess);
    const [eLon, eLat] = [fLon - lon, fLat - lat];
    guess = [guess[0] - eLon, guess[1] - eLat];
    if (Math.abs(eLon) < 1e-9 && Math.abs(eLat) < 1e-9) break;
  }
  return guess;
}

/** Converters between WGS84 [lon, lat] and the map's datum ("" or "gcj02"). */
export function datum(shift) {
  const shifted = shift === "gcj02";
  return {
    crs: shifted ? "gcj02" : "wgs84",
    toMap: (lonLat) => (shifted ? wgs84ToGcj02(lonLat) : lonLat),
    toWgs84: (lonLat) => (shifted ? gcj02ToWgs84(lonLat) : lonLat),
    /** [west, south, east, north] WGS84 → [[w, s], [e, n]] on the map. */
    bounds: ([w, s, e, n]) => (shifted ? [wgs84ToGcj02([w, s]), wgs84ToGcj02([e, n])] : [[w, s], [e, n]]),
  };
}
