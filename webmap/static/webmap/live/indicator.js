// The connection pill over the map: 已连接 (green), 连接中… / 重连中… (amber, pulsing), or why
// there is no live data; and how many workers the map shows. `data-state` carries the state.
import { t } from "../i18n.js";

export function createIndicator(parent) {
  const node = document.createElement("div");
  node.className = "live-indicator";
  node.id = "live-indicator";
  node.setAttribute("role", "status");
  const dot = document.createElement("span");
  dot.className = "live-dot";
  dot.setAttribute("aria-hidden", "true");
  const label = document.createElement("span");
  label.className = "live-label";
  const count = document.createElement("span");
  count.className = "live-count";
  node.append(dot, label, count);
  parent.append(node);

  return {
    element: node,
    setState(state) {
      node.dataset.state = state;
      label.textContent = t(`conn_${state}`);
    },
    setCount(n) {
      count.textContent = n ? t("conn_workers", { n }) : "";
      count.hidden = !n;
    },
  };
}
