// Photos from the phone's camera, made small on the phone before they are queued: drawn on a
// canvas with the long edge at most LONG_EDGE pixels and encoded as JPEG, so a 12 MP picture of
// several MB leaves as a few hundred kB. A file the browser cannot decode is kept as it is (the
// server checks every photo anyway). And a picker: `<input type=file accept=image/* capture>`.
import { button, el } from "../kit/dom.js";
import { gettext } from "../kit/i18n.js";

export const LONG_EDGE = 1600; // pixels
const QUALITY = 0.82;

/** A Promise of `{blob, name}`: the photo as a JPEG whose long edge is at most LONG_EDGE. */
export async function compressPhoto(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return { blob: file, name: file.name || "photo.jpg" };
  }
  const scale = Math.min(1, LONG_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close?.();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
  const base = (file.name || "photo").replace(/\.[^.]*$/, "");
  return { blob: blob || file, name: `${base}.jpg`, width: canvas.width, height: canvas.height };
}

/**
 * A photo picker: a camera button, thumbnails with a remove button, at most `max` photos.
 * Returns `{element, photos(), clear(), busy()}`; `photos()` is the list of `{blob, name}`.
 */
export function photoPicker({ max = 9, id, onChange = () => {} } = {}) {
  const photos = [];
  let pending = 0;
  const input = el("input", { type: "file", accept: "image/*", capture: "environment", multiple: true, id, class: "photo-input" });
  const thumbs = el("div", "photo-thumbs");
  const add = el("label", { class: "photo-add", for: id }, el("span", "photo-add-icon", "+"), el("span", null, gettext("拍照")));
  const element = el("div", "photo-picker", thumbs, add, input);

  function render() {
    thumbs.replaceChildren(...photos.map((photo, i) => {
      const url = URL.createObjectURL(photo.blob);
      const img = el("img", { src: url, alt: photo.name });
      img.addEventListener("load", () => URL.revokeObjectURL(url), { once: true });
      const remove = button({ class: "photo-remove", "aria-label": gettext("删除照片") }, "×");
      remove.addEventListener("click", () => { photos.splice(i, 1); render(); });
      return el("figure", "photo-thumb", img, remove);
    }));
    add.hidden = photos.length >= max;
    element.dataset.count = String(photos.length);
    element.dataset.busy = String(pending > 0);
    onChange(photos);
  }

  input.addEventListener("change", async () => {
    const files = [...input.files].slice(0, Math.max(0, max - photos.length));
    input.value = "";
    pending += files.length;
    render();
    for (const file of files) {
      photos.push(await compressPhoto(file));
      pending -= 1;
      render();
    }
  });
  render();
  return {
    element,
    input,
    photos: () => photos.slice(),
    clear() { photos.length = 0; render(); },
    busy: () => pending > 0,
  };
}
