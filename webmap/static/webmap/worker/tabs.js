// The app's bottom tabs (首页 上报 待办 寻访 我的): one panel shown at a time, the choice kept in the
// URL's hash so a reload (and the back button) returns to it. `onShow(name)` hears every switch.
const TABS = ["home", "report", "todo", "visits", "me"];

export function createTabs({ onShow = () => {} } = {}) {
  const buttons = [...document.querySelectorAll(".tabbar .tab")];
  const panels = [...document.querySelectorAll(".tab-panel")];
  let current = null;

  function show(name) {
    if (!TABS.includes(name)) name = "home";
    current = name;
    for (const panel of panels) panel.hidden = panel.dataset.tab !== name;
    for (const b of buttons) {
      if (b.dataset.tab === name) b.setAttribute("aria-current", "page");
      else b.removeAttribute("aria-current");
    }
    document.body.dataset.tab = name;
    if (window.location.hash.slice(1) !== name) history.replaceState(null, "", `#${name}`);
    window.scrollTo(0, 0);
    onShow(name);
  }

  for (const b of buttons) b.addEventListener("click", () => show(b.dataset.tab));
  window.addEventListener("hashchange", () => show(window.location.hash.slice(1)));
  return { show, get current() { return current; } };
}
