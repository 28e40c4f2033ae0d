// Writes that must reach the server — events, to-do steps, visits, check-in and check-out — kept
// in IndexedDB (photos are Blobs, which localStorage cannot hold) until the server has answered.
// Each item carries a client id, sent as `client_id`: the server stores a retried item once and
// replays its first answer. Items go in order; a network failure stops the round (the rest wait
// for the next), a refusal (4xx) moves the item to the refused list with the server's message.
import { ApiError, postJSON } from "../kit/dom.js";
import { uuid } from "./tracker.js";

const DB_NAME = "wangge-worker";
const STORE = "queue";
const RETRY_STATUSES = new Set([408, 425, 429]); // and 5xx: the server may take it later

function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error);
  });
}

function openDatabase() {
  const opening = indexedDB.open(DB_NAME, 1);
  opening.onupgradeneeded = () => {
    const store = opening.result.createObjectStore(STORE, { keyPath: "id" });
    store.createIndex("owner", "owner");
  };
  return request(opening);
}

/** The body of one item: FormData when it carries files (Blobs), else JSON. */
function body(item) {
  const fields = { ...item.fields, client_id: item.id };
  if (!item.files?.length) return fields;
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== null && value !== undefined) form.append(name, String(value));
  }
  for (const file of item.files) form.append(file.field, file.blob, file.name);
  return form;
}

export class Queue {
  /** `owner`: the username (one phone, one user at a time); `onChange(queue)`; `onSent(item, reply)`. */
  constructor(owner, { onChange = () => {}, onSent = () => {} } = {}) {
    this.owner = owner;
    this.onChange = onChange;
    this.onSent = onSent;
    this.items = []; // waiting, oldest first
    this.refused = []; // {item, message}
    this.sent = 0;
    this.flushing = false;
    this.error = null; // "offline" or a message, when the last round stopped
    this.ready = openDatabase().then((db) => { this.db = db; return this.reload(); });
  }

  async reload() {
    const tx = this.db.transaction(STORE, "readonly");
    const all = await request(tx.objectStore(STORE).index("owner").getAll(this.owner));
    all.sort((a, b) => a.created - b.created);
    this.items = all.filter((item) => !item.refused);
    this.refused = all.filter((item) => item.refused);
    this.onChange(this);
  }

  async put(item) {
    const tx = this.db.transaction(STORE, "readwrite");
    await request(tx.objectStore(STORE).put(item));
  }

  async remove(id) {
    const tx = this.db.transaction(STORE, "readwrite");
    await request(tx.objectStore(STORE).delete(id));
  }

  /**
   * Queues a write: `kind` ("event", "action", "visit", "duty"), `url`, `fields` (strings and
   * numbers), `files` ([{field, blob, name}]), `label` (what the app shows), `meta` (the app's own
   * notes, e.g. the event id). Returns the item; it is sent at once when online.
   */
  async add({ kind, url, fields = {}, files = [], label = "", meta = {} }) {
    await this.ready;
    const item = { id: uuid(), owner: this.owner, kind, url, fields, files, label, meta, created: Date.now() };
    await this.put(item);
    this.items.push(item);
    this.onChange(this);
    this.flush();
    return item;
  }

  /** How many wait, per kind. */
  counts() {
    const counts = {};
    for (const item of this.items) counts[item.kind] = (counts[item.kind] || 0) + 1;
    return counts;
  }

  get length() {
    return this.items.length;
  }

  /** Forgets a refused item (the worker has read why). */
  async dismiss(id) {
    await this.remove(id);
    this.refused = this.refused.filter((item) => item.id !== id);
    this.onChange(this);
  }

  async flush() {
    await this.ready;
    if (this.flushing || !this.items.length) return;
    if (!navigator.onLine) {
      this.error = "offline";
      this.onChange(this);
      return;
    }
    this.flushing = true;
    try {
      while (this.items.length) {
        const item = this.items[0];
        let reply;
        try {
          reply = await postJSON(item.url, body(item));
        } catch (error) {
          if (error instanceof ApiError && error.status < 500 && !RETRY_STATUSES.has(error.status)) {
            item.refused = error.message;
            await this.put(item);
            this.items.shift();
            this.refused.push(item);
            this.onChange(this);
            continue;
          }
          this.error = error instanceof ApiError ? error.message : "offline";
          return;
        }
        await this.remove(item.id);
        this.items.shift();
        this.sent += 1;
        this.error = null;
        this.onSent(item, reply);
        this.onChange(this);
      }
    } finally {
      this.flushing = false;
      this.onChange(this);
    }
  }
}
