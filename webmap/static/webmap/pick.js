// What is under the pointer: an event or a live worker (or a cluster of them), else the finest feature (place,
// micro-grid, grid, community, street) as an entity {type, id, code, name, kind}, the shape the
// search API and the info panel share.
import * as areas from "./layers/areas.js";
import * as events from "./layers/events.js";
import * as buildings from "./layers/buildings.js";
import * as grids from "./layers/grids.js";
import * as microgrids from "./layers/microgrids.js";
import * as places from "./layers/places.js";
import * as workers from "./live/workers.js";

const ORDER = [
  ...events.pickLayers, ...workers.pickLayers, ...places.pickLayers, ...buildings.pickLayers, ...microgrids.pickLayers,
  ...grids.pickLayers, ...areas.pickLayers,
];
const TYPE_OF_SOURCE = {
  places: "place", "place-anchors": "place", buildings: "building", microgrids: "micro_grid", grids: "grid",
};
const TOLERANCE = 4; // pixels around the pointer, so small icons are easy to hit

export function entityOf(feature) {
  const p = feature.properties;
  if (feature.source === "events") {
    return p.cluster
      ? { type: "event-cluster", id: p.cluster_id, count: p.point_count, lngLat: feature.geometry.coordinates }
      : { type: "event", id: p.id, name: p.title, code: p.code };
  }
  if (feature.source === "workers") {
    return p.cluster
      ? { type: "cluster", id: p.cluster_id, count: p.point_count, lngLat: feature.geometry.coordinates }
      : { type: "worker", id: p.id, name: p.name, status: p.status };
  }
  const type = TYPE_OF_SOURCE[feature.source] ?? p.level;
  if (type === "building") return { type, id: p.id, code: p.code, name: `${p.address} ${p.name}`, kind: p.kind };
  return { type, id: p.id, code: p.code, name: p.name, kind: p.kind };
}

/** The finest entity at screen point `point` ({x, y}), or null. */
export function pick(map, point) {
  const layers = ORDER.filter((id) => map.getLayer(id));
  const symbols = layers.filter((id) => map.getLayer(id).type !== "fill");
  const polygons = layers.filter((id) => map.getLayer(id).type === "fill");
  // Icons and dots are hit within a few pixels; a polygon must contain the point itself.
  const box = [[point.x - TOLERANCE, point.y - TOLERANCE], [point.x + TOLERANCE, point.y + TOLERANCE]];
  const features = [
    ...(symbols.length ? map.queryRenderedFeatures(box, { layers: symbols }) : []),
    ...(polygons.length ? map.queryRenderedFeatures([point.x, point.y], { layers: polygons }) : []),
  ];
  features.sort((a, b) => ORDER.indexOf(a.layer.id) - ORDER.indexOf(b.layer.id));
  return features.length ? entityOf(features[0]) : null;
}
