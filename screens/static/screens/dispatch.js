// Dispatch (下派) from the wall: an overdue event the reader may dispatch (`can_dispatch`, the
// workflow's rule applied by the screens API) offers the action; the dialog is the events page's
// own (webmap/events/dispatch.js: the grid's people, on-duty workers and militia nearby, a
// department), mounted on the wall's <dialog>, and the step goes through the same events API.
import { getJSON } from "../webmap/kit/dom.js";
import { postDispatch } from "../webmap/events/actions.js";
import { openDispatch } from "../webmap/events/dispatch.js";

/** Asks for a target and dispatches event `id`; resolves to the event as stored, or null when cancelled. */
export async function dispatchFromWall(id, map) {
  const feature = await getJSON(`/api/v1/events/${id}`);
  const chosen = await openDispatch(document.getElementById("wall-dialog"), feature, { tilejsons: map.tilejsons, coords: map.coords });
  if (!chosen) return null;
  return postDispatch(id, { target: chosen.target, note: chosen.note, version: feature.properties.version });
}
