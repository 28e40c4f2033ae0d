// The page's configuration: the one JSON block (`<script id="page-config">`) every page template
// renders from `webmap.page.page_config()` — base map, user, roles, jurisdiction, API root, socket
// path, language, feature flags — and what the page itself adds under `page`.
let cached = null;

/** The whole config, parsed once. */
export function pageConfig() {
  if (cached === null) {
    const node = document.getElementById("page-config");
    cached = node ? JSON.parse(node.textContent) : {};
  }
  return cached;
}

/** The websocket URL of `name` ("map" or "inbox") on this host, from the config's socket paths. */
export function socketUrl(name, location = window.location) {
  const path = pageConfig().socket?.[name] ?? `/ws/${name}/`;
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
}
