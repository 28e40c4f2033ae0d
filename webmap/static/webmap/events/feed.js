// The events a screen shows under the shared filters (filters.js), kept current: `load()` reads the
// list API for the filters; `absorb(feature)` keeps a changed event (after a workflow step or a live
// frame) or drops it when it no longer matches; `refresh(id)` reads one event again as this user may
// see it. The event screens (app.js) and the command map's event layer (../layers/events.js) share it.
import { ApiError, getJSON } from "../kit/dom.js";
import { createStore } from "./store.js";

export function createEventFeed(filters) {
  const store = createStore();
  return {
    store,
    load: () => store.load(filters.params()),
    more: () => store.more(),
    /** Keeps `feature` when it matches the filters (true), else drops it (false). */
    absorb(feature) {
      if (!filters.matches(feature.properties)) {
        store.remove(feature.id);
        return false;
      }
      store.upsert(feature);
      return true;
    },
    /** Event `id` read afresh, or null when it is gone or out of reach (then dropped too). */
    async refresh(id) {
      try {
        return await getJSON(`/api/v1/events/${id}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          store.remove(id);
          return null;
        }
        throw error;
      }
    },
  };
}
