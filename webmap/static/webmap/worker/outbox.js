// Fixes waiting to be uploaded, kept in localStorage so that none are lost offline, on a failed
// upload or when the page is closed: `flush()` sends them to POST /api/v1/positions in batches
// and forgets each batch once the server has answered for it (accepted, duplicate or rejected:
// a fix the server refused would be refused again).
import { ApiError, postJSON } from "../kit/dom.js";

const BATCH = 500;
// About a day of fixes every 5 s; beyond it the oldest go, so localStorage (~5 MB) never fills.
const MAX_KEPT = 20000;

export class Outbox {
  /** `key`: the localStorage key; `onChange(outbox)` hears every change of length or status. */
  constructor(key, { url = "/api/v1/positions", onChange = () => {} } = {}) {
    this.key = key;
    this.url = url;
    this.onChange = onChange;
    this.items = this.load();
    this.flushing = false;
    this.uploaded = 0;
    this.rejected = 0;
    this.lastUpload = null; // epoch ms of the last answered batch
    this.error = null; // why the last flush stopped, if it did: "offline" or a message
  }

  load() {
    try {
      const items = JSON.parse(localStorage.getItem(this.key) || "[]");
      return Array.isArray(items) ? items : [];
    } catch {
      return [];
    }
  }

  save() {
    try {
      localStorage.setItem(this.key, JSON.stringify(this.items));
    } catch {
      // Storage full or blocked: the fixes stay in memory until uploaded.
    }
  }

  get length() {
    return this.items.length;
  }

  add(fix) {
    this.items.push(fix);
    if (this.items.length > MAX_KEPT) this.items.splice(0, this.items.length - MAX_KEPT);
    this.save();
    this.onChange(this);
  }

  /** Uploads everything queued, batch by batch; stops (keeping the rest) at the first failure. */
  async flush() {
    if (this.flushing || !this.items.length) return;
    if (!navigator.onLine) {
      this.error = "offline";
      this.onChange(this);
      return;
    }
    this.flushing = true;
    let size = BATCH;
    try {
      while (this.items.length) {
        const batch = this.items.slice(0, size);
        let result;
        try {
          result = await postJSON(this.url, batch);
        } catch (error) {
          if (error instanceof ApiError && error.status === 413 && size > 1) {
            size = Math.max(1, Math.floor(size / 2));
            continue;
          }
          this.error = error instanceof ApiError ? error.message : "offline";
          return;
        }
        const sent = new Set(batch.map((fix) => fix.id));
        this.items = this.items.filter((fix) => !sent.has(fix.id)); // fixes added meanwhile stay
        this.save();
        this.uploaded += result.accepted + result.duplicate;
        this.rejected += result.rejected.length;
        this.lastUpload = Date.now();
        this.error = null;
        this.onChange(this);
      }
    } finally {
      this.flushing = false;
      this.onChange(this);
    }
  }
}
