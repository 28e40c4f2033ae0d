// Panel visibility. On a wide screen the layer panel floats at the left (collapsible) and the
// info panel at the right; on a phone both become bottom sheets opened from toggle buttons, one at
// a time. Also works out how much of the map the panels cover, so fitted extents stay visible.
const PHONE = window.matchMedia("(max-width: 700px)");
const MIN_SPAN = 160; // pixels of map kept clear of panels when fitting an extent

export function isPhone() {
  return PHONE.matches;
}

export function createSheets(root = document) {
  const panels = [...root.querySelectorAll(".sheet")];
  const toggles = [...root.querySelectorAll("[data-toggle]")];
  const listeners = new Set();

  function sync() {
    for (const button of toggles) {
      const open = document.getElementById(button.dataset.toggle).classList.contains("open");
      button.setAttribute("aria-expanded", String(open));
      button.classList.toggle("active", open);
    }
    listeners.forEach((listener) => listener());
  }

  function open(id) {
    for (const panel of panels) {
      if (panel.id === id) panel.classList.add("open");
      else if (isPhone()) panel.classList.remove("open");
    }
    sync();
  }

  function close(id) {
    document.getElementById(id).classList.remove("open");
    sync();
  }

  function toggle(id) {
    if (document.getElementById(id).classList.contains("open")) close(id);
    else open(id);
  }

  toggles.forEach((button) => button.addEventListener("click", () => toggle(button.dataset.toggle)));
  root.querySelectorAll("[data-close]").forEach((button) => button.addEventListener("click", () => close(button.dataset.close)));
  root.querySelectorAll("[data-collapse]").forEach((button) => button.addEventListener("click", () => {
    const panel = document.getElementById(button.dataset.collapse);
    const collapsed = panel.classList.toggle("collapsed");
    button.setAttribute("aria-expanded", String(!collapsed));
    sync();
  }));
  PHONE.addEventListener("change", () => {
    // Leaving or entering phone width: start from closed sheets rather than a stale mix.
    panels.forEach((panel) => panel.classList.remove("open"));
    sync();
  });
  sync();
  return { open, close, toggle, onChange: (listener) => listeners.add(listener) };
}

/** Pixels of `mapElement` hidden by visible panels on each side, plus a margin. */
export function coveredPadding(mapElement, margin = 24) {
  const box = mapElement.getBoundingClientRect();
  const padding = { top: margin, right: margin, bottom: margin, left: margin };
  for (const panel of document.querySelectorAll(".command-map .panel")) {
    const r = panel.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(panel).visibility === "hidden") continue;
    if (isPhone()) {
      if ((r.top + r.bottom) / 2 > box.top + box.height / 2) {
        padding.bottom = Math.max(padding.bottom, box.bottom - r.top + margin);
      }
      else padding.top = Math.max(padding.top, r.bottom - box.top + margin);
    } else if ((r.left + r.right) / 2 < box.left + box.width / 2) {
      padding.left = Math.max(padding.left, r.right - box.left + margin);
    } else {
      padding.right = Math.max(padding.right, box.right - r.left + margin);
    }
  }
  // Always leave some of the map for the extent itself: shrink the padding if it would not.
  const fitInto = (a, b, size) => {
    const over = padding[a] + padding[b] - (size - MIN_SPAN);
    if (over > 0) {
      const share = padding[a] / (padding[a] + padding[b]);
      padding[a] -= over * share;
      padding[b] -= over * (1 - share);
    }
  };
  fitInto("left", "right", box.width);
  fitInto("top", "bottom", box.height);
  return padding;
}
