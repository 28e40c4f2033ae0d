// The one DOM helper of every page, and the small things pages repeat around it: emptying a node,
// a button, JSON from our API with the one error body ({detail, field?, errors?}) as a message.

/**
 * An element. `props` is a class name (string) or an object of attributes, where `class`, `style`
 * (an object or a string), `dataset` (an object) and `text` are special and null/undefined/false skip the
 * attribute (true sets it empty). `children` are nodes or text; null, undefined and false are skipped.
 */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  if (typeof props === "string") {
    if (props) node.className = props;
  } else if (props) {
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class" || name === "className") node.className = value;
      else if (name === "style" && typeof value === "object") Object.assign(node.style, value);
      else if (name === "dataset") Object.assign(node.dataset, value);
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A `type="button"` button. */
export function button(props, ...children) {
  const attrs = typeof props === "string" ? { class: props } : props ?? {};
  return el("button", { type: "button", ...attrs }, ...children);
}

/** Empties `node` (and returns it). */
export function clear(node) {
  node.replaceChildren();
  return node;
}

/** An `<option>`. */
export function option(value, label, selected = false) {
  return el("option", { value, selected }, label ?? value);
}

/** An error our API answered with: the message is the body's `detail`, `field`/`errors` as sent. */
export class ApiError extends Error {
  constructor(message, status, body = {}) {
    super(message);
    this.status = status;
    this.body = body;
    this.field = body.field;
    this.errors = body.errors;
  }
}

async function read(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(errorMessage(body, response.status), response.status, body);
  return body;
}

/** The message of the one error body: `detail`, else the first of `errors`, else the HTTP status. */
export function errorMessage(body, status) {
  if (body?.detail) return String(body.detail);
  const first = Array.isArray(body?.errors) ? body.errors[0] : null;
  if (first) return typeof first === "string" ? first : first.message ?? first.detail ?? JSON.stringify(first);
  return `HTTP ${status}`;
}

/** Django's CSRF token, from its cookie (session-authenticated writes need it in a header). */
export function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** GETs JSON with the session cookie; a refusal throws an ApiError carrying the server's message. */
export async function getJSON(url, { signal } = {}) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal });
  return read(response);
}

/**
 * Sends `body` (JSON, or FormData as it is) with the session cookie and CSRF token. A network
 * failure throws a TypeError (not an ApiError), so callers can tell "offline" from "refused".
 */
export async function sendJSON(url, body, { method = "POST", signal } = {}) {
  const form = body instanceof FormData;
  const headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
  if (!form) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method, headers, credentials: "same-origin", signal,
    body: form || body === undefined ? body : JSON.stringify(body),
  });
  if (response.status === 204) return {};
  return read(response);
}

/** POSTs `body` as JSON (see sendJSON). */
export function postJSON(url, body, options = {}) {
  return sendJSON(url, body, { ...options, method: "POST" });
}
