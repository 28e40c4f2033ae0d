// JSON from our own API, with the session cookie. Errors carry the server's message (its
// `detail` is Chinese with an English gloss), so panels can show it as it is.
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export async function getJSON(url, { signal } = {}) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(body.detail || `HTTP ${response.status}`, response.status);
  return body;
}
