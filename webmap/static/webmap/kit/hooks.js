// The pages' test hooks, all under one name on `window`: `window.wangge.<name>` (map, live,
// worker, militia, notices, emergency, workbench, events, eventsMiniMap). Browser tests read them;
// nothing in the pages does.

/** Exposes `value` as `window.wangge[name]`. */
export function expose(name, value) {
  window.wangge = window.wangge ?? {};
  window.wangge[name] = value;
  return value;
}
