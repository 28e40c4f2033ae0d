// The one connection pill of the live pages: 已连接 (green), 连接中… / 重连中… (amber, pulsing), or
// why there is no live data; optionally how many workers the map shows. `data-state` carries the
// state (connecting, open, reconnecting, closed, denied) for styles and tests.
import { el } from "./dom.js";
import { gettext } from "./i18n.js";

const LABELS = {
  connecting: () => gettext("连接中…"),
  open: () => gettext("已连接"),
  reconnecting: () => gettext("重连中…"),
  closed: () => gettext("已断开"),
  denied: () => gettext("无实时数据权限"),
};

/**
 * A pill appended to `parent`. `id` and `prefix` name its nodes (`<prefix>-dot`, `-label`,
 * `-count`); `className` is the pill's own class. Returns {element, setState, setCount}.
 */
export function createStatusPill(parent, { id, className, prefix, tag = "div" }) {
  const label = el("span", `${prefix}-label`);
  const count = el("span", { class: `${prefix}-count`, hidden: true });
  const node = el(tag, { id, class: className, role: "status" },
    el("span", { class: `${prefix}-dot`, "aria-hidden": "true" }), label, count);
  parent.append(node);
  const pill = {
    element: node,
    setState(state) {
      node.dataset.state = state;
      label.textContent = (LABELS[state] ?? LABELS.closed)();
    },
    setCount(n) {
      count.textContent = n ? gettext("地图上 {n} 人", { n }) : "";
      count.hidden = !n;
    },
  };
  pill.setState("connecting");
  return pill;
}
