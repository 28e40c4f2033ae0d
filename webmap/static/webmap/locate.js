// The home map: our areas over a plain background (no external tiles, glyphs or sprites) and
// click-to-locate through GET /api/v1/locate.
const LABELS = { district: "区", street: "街道/镇", community: "社区/村", grid: "网格", micro_grid: "微网格" };

const map = new maplibregl.Map({
  container: "map",
  style: { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#eef2f5" } }] },
  center: [119.9, 31.93],
  zoom: 9.5,
});
map.addControl(new maplibregl.NavigationControl(), "top-left");
map.addControl(new maplibregl.ScaleControl({ unit: "metric" }));

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || JSON.stringify(body));
  return body;
}

map.on("load", async () => {
  const areas = await getJSON("/api/v1/areas?level=street&page_size=1000");
  map.addSource("streets", { type: "geojson", data: areas });
  map.addLayer({ id: "streets-fill", type: "fill", source: "streets", paint: { "fill-color": "#9ec5fe", "fill-opacity": 0.35 } });
  map.addLayer({ id: "streets-line", type: "line", source: "streets", paint: { "line-color": "#0b3a6e", "line-width": 1.5 } });
  map.addSource("picked", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  map.addLayer({ id: "picked", type: "circle", source: "picked", paint: { "circle-radius": 6, "circle-color": "#d92d20" } });
});

async function locate(lon, lat, crs = "wgs84") {
  const result = document.getElementById("locate-result");
  result.replaceChildren();
  try {
    const body = await getJSON(`/api/v1/locate?${new URLSearchParams({ lon, lat, crs })}`);
    for (const [key, label] of Object.entries(LABELS)) {
      const dt = document.createElement("dt");
      const dd = document.createElement("dd");
      dt.textContent = label;
      dd.textContent = body[key] ? `${body[key].name} (${body[key].code})` : "—";
      result.append(dt, dd);
    }
    map.getSource("picked")?.setData({ type: "Point", coordinates: [body.point.lon, body.point.lat] });
  } catch (error) {
    const dd = document.createElement("dd");
    dd.className = "error";
    dd.textContent = error.message;
    result.append(dd);
  }
}

map.on("click", (e) => locate(e.lngLat.lng.toFixed(6), e.lngLat.lat.toFixed(6)));
document.getElementById("locate-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  locate(form.get("lon"), form.get("lat"), form.get("crs"));
});
