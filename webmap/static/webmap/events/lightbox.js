// A photo enlarged over the page, with previous / next for an event's other photos. Esc, the ×
// or a click beside the photo closes it.
import { button, el } from "../kit/dom.js";
import { gettext } from "../kit/i18n.js";

export function createLightbox(dialog) {
  let photos = [];
  let index = 0;
  const img = el("img", { class: "ev-lightbox-img", alt: "" });
  const caption = el("p", "ev-lightbox-caption");
  const close = button({ class: "ev-icon-button ev-lightbox-close", "aria-label": gettext("关闭") }, "×");
  const prev = button({ class: "ev-lightbox-nav ev-lightbox-prev", "aria-label": "prev" }, "‹");
  const next = button({ class: "ev-lightbox-nav ev-lightbox-next", "aria-label": "next" }, "›");
  const figure = el("figure", "ev-lightbox-figure");
  figure.append(img, caption);
  dialog.replaceChildren(figure, prev, next, close);

  function render() {
    const photo = photos[index];
    img.src = photo.url;
    const size = photo.width && photo.height ? ` · ${photo.width}×${photo.height}` : "";
    caption.textContent = `${index + 1} / ${photos.length}${photo.original_name ? ` · ${photo.original_name}` : ""}${size}`;
    prev.hidden = next.hidden = photos.length < 2;
  }

  const step = (delta) => { index = (index + delta + photos.length) % photos.length; render(); };
  prev.addEventListener("click", () => step(-1));
  next.addEventListener("click", () => step(1));
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (e) => { if (e.target === dialog || e.target === figure) dialog.close(); });
  dialog.addEventListener("keydown", (e) => {
    if (e.key === "ArrowLeft") step(-1);
    if (e.key === "ArrowRight") step(1);
  });

  return {
    open(list, start = 0) {
      photos = list;
      index = start;
      render();
      dialog.showModal();
    },
  };
}
