// What is waiting to be sent, said plainly: a banner on every tab ("待发送：上报 1 · 寻访 2 · 定位点 5",
// and whether the phone is offline), the 我的 tab's badge, and its list per kind with the items the
// server refused and why.
import { button, el } from "../kit/dom.js";
import { formatClock } from "../kit/format.js";
import { gettext, gettext_noop } from "../kit/i18n.js";

export const KIND_LABELS = {
  event: gettext_noop("上报"),
  action: gettext_noop("待办处理"),
  visit: gettext_noop("寻访"),
  duty: gettext_noop("签到签退"),
  positions: gettext_noop("定位点"),
};

/** `{event: n, …, positions: n}` → "上报 1 · 定位点 5". */
export function describeCounts(counts) {
  return Object.keys(KIND_LABELS)
    .filter((kind) => counts[kind])
    .map((kind) => `${gettext(KIND_LABELS[kind])} ${counts[kind]}`)
    .join(" · ");
}

export function createPending({ queue, outbox, $ }) {
  function counts() {
    return { ...queue.counts(), positions: outbox.length };
  }

  function render() {
    const c = counts();
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    const banner = $("pending-banner");
    const offline = !navigator.onLine;
    banner.hidden = !total && !offline && !queue.refused.length;
    banner.dataset.offline = String(offline);
    banner.dataset.count = String(total);
    const parts = [];
    if (offline) parts.push(gettext("离线"));
    if (total) parts.push(gettext("待发送：{items}", { items: describeCounts(c) }));
    else if (offline) parts.push(gettext("新的记录会保存在手机上"));
    if (queue.refused.length) parts.push(gettext("{n} 条被拒收", { n: queue.refused.length }));
    banner.textContent = parts.join(" · ");

    const badge = $("queue-badge");
    badge.hidden = !total;
    badge.textContent = String(total);

    $("queue-kinds").replaceChildren(...Object.keys(KIND_LABELS).map((kind) =>
      el("li", { dataset: { kind, count: String(c[kind] || 0) } }, el("span", null, gettext(KIND_LABELS[kind])), el("strong", null, String(c[kind] || 0)))));
    $("queue-refused").replaceChildren(...queue.refused.map((item) => {
      const dismiss = button({ class: "ghost-button small" }, gettext("知道了"));
      dismiss.addEventListener("click", () => queue.dismiss(item.id));
      return el("li", "refused-item",
        el("strong", null, `${gettext(KIND_LABELS[item.kind] ?? item.kind)} · ${item.label}`),
        el("small", null, `${formatClock(item.created)} · ${item.refused}`), dismiss);
    }));
  }

  $("queue-send").addEventListener("click", () => { queue.flush(); outbox.flush(); });
  return { render, counts };
}
