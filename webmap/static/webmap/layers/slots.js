// Draw order across layer modules: each module adds its layers into a named slot, so area
// boundaries stay above grid lines and labels above everything whatever order modules load in.
// A slot ends at an invisible marker layer; a layer added to a slot goes just before its marker.
export const SLOTS = ["fill", "line", "boundary", "highlight", "symbol"];

export function addSlots(map) {
  for (const slot of SLOTS) {
    map.addLayer({ id: `slot-${slot}`, type: "background", layout: { visibility: "none" } });
  }
}

export function addToSlot(map, slot, spec) {
  if (!SLOTS.includes(slot)) throw new Error(`unknown slot ${slot}`);
  map.addLayer(spec, `slot-${slot}`);
}
