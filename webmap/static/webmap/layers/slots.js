// Draw order across layer modules: each module adds its layers into a named slot, so area
// boundaries stay above grid lines and labels above everything whatever order modules load in.
// A slot ends at an invisible marker layer; a layer added to a slot goes just before its marker.
// "heat" sits over area tints but under every line; "live" (workers, check-ins, replay) on top.
export const SLOTS = ["fill", "heat", "line", "boundary", "highlight", "symbol", "live"];

export function addSlots(map) {
  for (const slot of SLOTS) {
    map.addLayer({ id: `slot-${slot}`, type: "background", layout: { visibility: "none" } });
  }
}

export function addToSlot(map, slot, spec) {
  if (!SLOTS.includes(slot)) throw new Error(`unknown slot ${slot}`);
  map.addLayer(spec, `slot-${slot}`);
}
