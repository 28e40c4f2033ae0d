// The app as a PWA: registers the service worker (/worker/sw.js, scope /worker/), asks it to keep
// the tiles of the worker's grid, and tells it to forget everything when the worker logs out.
import { pageConfig } from "../kit/config.js";
import { TILE_LAYERS, gridTileUrls } from "./gridmap.js";

const SW_URL = "/worker/sw.js";

export async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return null;
  try {
    const registration = await navigator.serviceWorker.register(SW_URL, { scope: "/worker/" });
    await navigator.serviceWorker.ready;
    return registration;
  } catch {
    return null; // not a secure context, or blocked: the app works online without it
  }
}

/** Asks the service worker to keep our tiles of the worker's grid (skips those kept already). */
export async function keepGridTiles() {
  const config = pageConfig();
  if (!config.grid || !navigator.onLine || !("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.ready;
  registration.active?.postMessage({ type: "warm-tiles", urls: gridTileUrls(config.grid.bounds, TILE_LAYERS, config.tileShift) });
}

/** Logging out: the service worker drops every cache before the form goes. */
export function forgetOnLogout(form) {
  form.addEventListener("submit", (e) => {
    const controller = navigator.serviceWorker?.controller;
    if (!controller) return;
    e.preventDefault();
    controller.postMessage({ type: "forget" });
    setTimeout(() => form.submit(), 200);
  }, { once: true });
}
