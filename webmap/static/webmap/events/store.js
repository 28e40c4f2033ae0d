// The events the list shows, newest first, with the total the API counted and the next page.
import { getJSON } from "../kit/dom.js";

const PAGE_SIZE = 500;

export function createStore() {
  let features = [];
  let total = 0;
  let next = null;
  let controller = null;

  function absorb(page, append) {
    const known = new Set(features.map((f) => f.id));
    features = append ? [...features, ...page.features.filter((f) => !known.has(f.id))] : page.features;
    total = page.count ?? features.length;
    next = page.next ? new URL(page.next, window.location.origin) : null;
    if (next) next = `${next.pathname}${next.search}`; // same origin, whatever host the server saw
  }

  return {
    get features() { return features; },
    get total() { return total; },
    get hasMore() { return Boolean(next); },
    get(id) { return features.find((f) => f.id === id) ?? null; },

    /** Loads the first page for `params` (URLSearchParams); an older load still running is dropped. */
    async load(params) {
      controller?.abort();
      controller = new AbortController();
      const query = new URLSearchParams(params);
      query.set("page_size", String(PAGE_SIZE));
      absorb(await getJSON(`/api/v1/events?${query}`, { signal: controller.signal }), false);
    },
    async more() {
      if (next) absorb(await getJSON(next), true);
    },
    /** Puts `feature` in place of the stored one, or first when new; true when it was new. */
    upsert(feature) {
      const i = features.findIndex((f) => f.id === feature.id);
      if (i >= 0) {
        features = features.with(i, feature);
        return false;
      }
      features = [feature, ...features];
      total += 1;
      return true;
    },
    remove(id) {
      const before = features.length;
      features = features.filter((f) => f.id !== id);
      if (features.length < before) total -= 1;
    },
  };
}
