// The query form: layer, its filters (built from the layer catalogue), time, scope, and the
// parameters the query API takes, read back as one object.
import { el, option } from "../webmap/kit/dom.js";
import { gettext } from "../webmap/kit/i18n.js";

const $ = (id) => document.getElementById(id);

export function fillStatic(config) {
  $("wb-layer").replaceChildren(...config.layers.map((l) => option(l.name, l.title, l.name === "places")));
  $("wb-area").replaceChildren(
    ...config.areas.map((a) => option(a.code, `${a.level === "community" ? "　" : ""}${a.name}`)),
  );
  $("wb-by").replaceChildren(...config.units.map((u) => option(u, u, u === "grid")));
  $("wb-format").replaceChildren(...config.formats.map((f) => option(f, f.toUpperCase(), f === "gpkg")));
  $("wb-crs").replaceChildren(...config.crsNames.map((c) => option(c, c.toUpperCase())));
}

export function currentLayer(config) {
  return config.layers.find((l) => l.name === $("wb-layer").value);
}

/** Rebuilds the filter inputs for the chosen layer. */
export function showFilters(config) {
  const layer = currentLayer(config);
  const box = $("wb-filters");
  box.replaceChildren(box.querySelector("legend"));
  for (const [name, spec] of Object.entries(layer.filters)) {
    let input;
    if (spec.choices) {
      input = el("select", { name: `filter:${name}` });
      input.append(option("", gettext("全部")), ...Object.entries(spec.choices).map(([v, label]) => option(v, label)));
    } else {
      input = el("input", { name: `filter:${name}`, type: "text", placeholder: spec.help || name });
    }
    const label = el("label", "wb-field", name);
    label.append(input);
    box.append(label);
  }
  $("wb-time").hidden = !layer.time;
}

function localToIso(value) {
  return value ? `${value}:00+08:00` : "";
}

/** The query API's parameters for the form's state and the drawn shape ({polygon, centre}). */
export function readParams(drawn, crs) {
  const form = $("wb-form");
  const data = new FormData(form);
  const params = { layer: data.get("layer"), crs };
  for (const [key, value] of data.entries()) {
    if (key.startsWith("filter:") && value) params[key.slice(7)] = value;
  }
  for (const key of ["from", "to"]) {
    if (!$("wb-time").hidden && data.get(key)) params[key] = localToIso(data.get(key));
  }
  const shape = data.get("shape");
  let operation = "within";
  if (shape === "area") params.area = data.get("area");
  if (shape === "polygon" && drawn.polygon) params.geometry = JSON.stringify(drawn.polygon);
  if ((shape === "circle" || shape === "nearest") && drawn.centre) {
    [params.lon, params.lat] = drawn.centre.map((v) => v.toFixed(7));
  }
  if (shape === "circle") {
    operation = "buffer";
    params.radius_m = data.get("radius_m");
  }
  if (shape === "nearest") {
    operation = "nearest";
    params.k = data.get("k");
  }
  return { operation, params, shape };
}

/** Puts a saved query's parameters back into the form. */
export function writeParams(config, operation, params) {
  $("wb-layer").value = params.layer;
  showFilters(config);
  for (const [key, value] of Object.entries(params)) {
    const input = document.querySelector(`[name="filter:${key}"]`);
    if (input) input.value = value;
  }
  if (params.by) $("wb-by").value = params.by;
  const shape = params.area ? "area" : operation === "buffer" ? "circle" : operation === "nearest" ? "nearest" : "all";
  document.querySelector(`input[name=shape][value=${shape}]`).checked = true;
  if (params.area) $("wb-area").value = params.area;
  if (params.radius_m) $("wb-radius").value = params.radius_m;
  if (params.k) $("wb-k").value = params.k;
}
