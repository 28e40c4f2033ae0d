// The worker app's service worker, served by webmap/pwa.py at /worker/sw.js (scope /worker/) with
// `const SHELL = {version, page, files}` prepended. It keeps the app shell (the page, our modules
// and styles, MapLibre, the translation catalogue) so the app opens without a network; the grid's
// map tiles and the lists the app reads (to-do, places, categories, duty) are kept as last seen.
// Writes never pass through here: the page queues them itself (worker/queue.js).
/* global SHELL */
const SHELL_CACHE = `wangge-shell-${SHELL.version}`;
const TILE_CACHE = "wangge-tiles";
const API_CACHE = "wangge-api";
const KEPT_APIS = [
  "/api/v1/todo", "/api/v1/visits/places", "/api/v1/event-categories", "/api/v1/duty/status", "/api/v1/workers/",
  "/tiles/",
];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    await cache.addAll([SHELL.page, ...SHELL.files]);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith("wangge-shell-") && n !== SHELL_CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

/** The network's answer, kept in `cacheName`; the kept one when the network fails. */
async function networkFirst(request, cacheName, { ignoreSearch = false } = {}) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch (error) {
    // The last answer seen under control, else the one kept at install.
    const kept = await cache.match(request, { ignoreSearch, ignoreVary: true })
      || await caches.match(request, { ignoreSearch, ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request) {
  const kept = await caches.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL_CACHE);
    cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === SHELL.page) {
    event.respondWith(networkFirst(request, SHELL_CACHE, { ignoreSearch: true }));
  } else if (url.pathname.startsWith("/static/") || url.pathname.startsWith("/jsi18n/")) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.startsWith("/tiles/")) {
    event.respondWith(networkFirst(request, TILE_CACHE));
  } else if (KEPT_APIS.some((prefix) => url.pathname.startsWith(prefix))) {
    event.respondWith(networkFirst(request, API_CACHE));
  }
});

/** Keeps each of `urls` (our tiles of the worker's grid) unless it is kept already. */
async function warmTiles(urls) {
  const cache = await caches.open(TILE_CACHE);
  let fetched = 0;
  for (const url of urls) {
    if (await cache.match(url, { ignoreVary: true })) continue;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok) {
        await cache.put(url, response);
        fetched += 1;
      }
    } catch {
      return fetched; // offline: the rest next time
    }
  }
  return fetched;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "warm-tiles") {
    event.waitUntil(warmTiles(data.urls || []).then((fetched) => event.source?.postMessage({ type: "tiles-warm", fetched })));
  } else if (data.type === "forget") { // logging out: nothing of this user stays on the phone
    event.waitUntil(caches.keys().then((names) => Promise.all(names.map((n) => caches.delete(n)))));
  }
});
