// The live map's websocket (`/ws/map/`, the page's session cookie authenticates it). When it drops
// it reconnects with backoff (1 s doubling to 15 s) and, once open, re-sends the viewport and
// layers. The server starts every connection with a snapshot, so catching up is applying that.
import { socketUrl } from "../kit/config.js";

export const MIN_DELAY_MS = 1000;
export const MAX_DELAY_MS = 15000;
// Close codes of realtime/consumers.py: retrying cannot help with these.
const CLOSE_UNAUTHENTICATED = 4401;
const CLOSE_NO_JURISDICTION = 4403;

/**
 * `onMessage(frame)` gets every parsed frame; `onState(state)` each change of
 * "connecting" | "open" | "reconnecting" | "denied" | "closed".
 */
export class LiveSocket {
  constructor({ url = socketUrl("map"), onMessage = () => {}, onState = () => {} } = {}) {
    this.url = url;
    this.onMessage = onMessage;
    this.onState = onState;
    this.ws = null;
    this.state = "closed";
    this.connects = 0; // successful opens, for the indicator and tests
    this.attempt = 0;
    this.timer = null;
    this.stopped = true;
    this.viewport = null;
    this.layers = null;
    this.onOnline = () => { if (this.state === "reconnecting") this.reconnectNow(); };
  }

  start() {
    this.stopped = false;
    window.addEventListener("online", this.onOnline);
    this.open();
    return this;
  }

  /** Closes for good (no reconnect). */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener("online", this.onOnline);
    this.ws?.close(1000);
    this.setState("closed");
  }

  /** Drops the connection and opens a new one at once: a fresh snapshot. */
  reconnectNow() {
    clearTimeout(this.timer);
    const old = this.ws;
    this.ws = null;
    if (old) {
      old.onclose = null;
      old.close(1000);
    }
    this.open();
  }

  setViewport(bbox, zoom) {
    this.viewport = { type: "viewport", bbox, zoom };
    this.send(this.viewport);
  }

  setLayers(layers) {
    this.layers = { type: "layers", layers: [...layers] };
    this.send(this.layers);
  }

  send(message) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.onState(state);
  }

  open() {
    if (this.stopped) return;
    this.setState(this.connects || this.state === "reconnecting" ? "reconnecting" : "connecting");
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.connects += 1;
      this.setState("open");
      if (this.layers) this.send(this.layers);
      if (this.viewport) this.send(this.viewport);
    };
    ws.onmessage = (event) => {
      this.attempt = 0; // the server answered: the next drop starts the backoff again from 1 s
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame && typeof frame.type === "string") this.onMessage(frame);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (event.code === CLOSE_UNAUTHENTICATED || event.code === CLOSE_NO_JURISDICTION) {
        this.setState("denied");
        return;
      }
      this.setState("reconnecting");
      this.timer = setTimeout(() => this.open(), this.nextDelay());
    };
  }

  nextDelay() {
    const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.attempt);
    this.attempt += 1;
    // A little jitter, so many maps dropped by one server restart do not return in step.
    return Math.round(Math.min(MAX_DELAY_MS, delay * (1 + Math.random() * 0.2)));
  }
}
