// JSON from our own API, with the session cookie. Errors carry the server's message (its
// `detail` is Chinese with an English gloss), so panels can show it as it is.
export class ApiError extends Error {
  constructor(message, status, body = {}) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function read(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(body.detail || `HTTP ${response.status}`, response.status, body);
  return body;
}

export async function getJSON(url, { signal } = {}) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal });
  return read(response);
}

/** Django's CSRF token, from its cookie (session-authenticated POSTs need it in a header). */
export function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** POSTs `body` as JSON with the session cookie and CSRF token. A network failure throws a
 * TypeError (not an ApiError), so callers can tell "offline" from "refused". */
export async function postJSON(url, body, { signal } = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    credentials: "same-origin",
    body: JSON.stringify(body),
    signal,
  });
  return read(response);
}
