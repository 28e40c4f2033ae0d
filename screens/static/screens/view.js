// What a screen module draws with: KPI tiles, panels, tables and ECharts charts in the wall's dark
// theme, each figure optionally carrying the drill-down link to the list behind it.
import { el } from "../webmap/kit/dom.js";
import { gettext } from "../webmap/kit/i18n.js";

const echarts = window.echarts;
const PALETTE = ["#36c6ff", "#3ddc97", "#ffb020", "#ff4d4f", "#a78bfa", "#f472b6", "#facc15", "#60a5fa", "#34d399", "#fb923c"];
const AXIS = { axisLine: { lineStyle: { color: "#1d4e89" } }, axisLabel: { color: "#9fb8dc" }, splitLine: { lineStyle: { color: "rgba(29,78,137,0.35)" } } };

export const fmt = (value, digits = 0) =>
  value == null ? "—" : Number(value).toLocaleString("zh-CN", { maximumFractionDigits: digits });
export const pct = (share) => (share == null ? "—" : `${(share * 100).toFixed(1)}%`);

/** A view over the wall's regions; `reset()` empties them and disposes the previous charts. */
export function createView({ kpis, left, right, legend, drill }) {
  let charts = [];
  const view = {
    reset() {
      for (const c of charts) c.dispose();
      charts = [];
      kpis.replaceChildren();
      left.replaceChildren();
      right.replaceChildren();
      legend.replaceChildren();
    },
    legend(...nodes) { legend.replaceChildren(...nodes); },
    /** A big number; `figure` names it for tests (data-figure), `link` opens the list behind it. */
    kpi(label, value, { figure, link, tone } = {}) {
      const tile = el("div", { class: "kpi", dataset: { figure: figure || "" } },
        el("div", { class: "kpi-label" }, label), el("div", { class: `kpi-value ${tone || ""}` }, value));
      if (link) { tile.dataset.link = link; tile.addEventListener("click", () => drill(label, link)); }
      kpis.append(tile);
      return tile;
    },
    panel(side, title) {
      const body = el("div", { class: "panel-body" });
      (side === "left" ? left : right).append(el("section", { class: "panel" }, el("h2", {}, title), body));
      return body;
    },
    /** rows: [{cells: [...], link?, action?: {label, name, run}}]; numeric cells are right-aligned;
     *  an action is a button in a last column (e.g. dispatch), for the rows that have one. */
    table(body, headers, rows) {
      if (!rows.length) { body.append(el("div", { class: "empty" }, gettext("暂无数据"))); return; }
      const actions = rows.some((r) => r.action);
      const table = el("table", { class: "rows" }, el("tr", {}, ...headers.map((h) => el("th", {}, h)), ...(actions ? [el("th", {})] : [])));
      for (const row of rows) {
        const tr = el("tr", {}, ...row.cells.map((c) => el("td", typeof c === "number" || /^[\d.,%—-]+$/.test(String(c)) ? { class: "n" } : {}, String(c))));
        if (row.link) { tr.dataset.link = row.link; tr.addEventListener("click", () => drill(row.cells[0], row.link)); }
        if (actions) {
          const cell = el("td", { class: "act" });
          if (row.action) {
            const button = el("button", { type: "button", class: "wall-button wall-act", dataset: { action: row.action.name } }, row.action.label);
            button.addEventListener("click", (e) => { e.stopPropagation(); row.action.run(); });
            cell.append(button);
          }
          tr.append(cell);
        }
        table.append(tr);
      }
      body.append(table);
    },
    chart(body, option) {
      const node = el("div", { class: "chart" });
      body.append(node);
      const chart = echarts.init(node, null, { renderer: "canvas" });
      chart.setOption({ color: PALETTE, textStyle: { color: "#d8e7ff" }, animation: false, ...option });
      charts.push(chart);
      return chart;
    },
    ring(body, items, onClick) {
      if (!items.some((i) => i.value > 0)) { body.append(el("div", { class: "empty" }, gettext("暂无数据"))); return null; }
      const chart = view.chart(body, {
        tooltip: { trigger: "item" },
        legend: { orient: "vertical", right: 0, top: "middle", textStyle: { color: "#d8e7ff" } },
        series: [{ type: "pie", radius: ["45%", "70%"], center: ["35%", "50%"], label: { show: false }, data: items }],
      });
      if (onClick) chart.on("click", (p) => onClick(p.data));
      return chart;
    },
    bars(body, names, series, { horizontal = false, stack = false } = {}) {
      if (!names.length) { body.append(el("div", { class: "empty" }, gettext("暂无数据"))); return null; }
      const cat = { type: "category", data: names, ...AXIS };
      const val = { type: "value", ...AXIS };
      return view.chart(body, {
        tooltip: { trigger: "axis" },
        legend: series.length > 1 ? { textStyle: { color: "#d8e7ff" }, top: 0 } : undefined,
        grid: { left: horizontal ? 90 : 40, right: 16, top: series.length > 1 ? 28 : 10, bottom: 24 },
        xAxis: horizontal ? val : cat,
        yAxis: horizontal ? { ...cat, inverse: true } : val,
        series: series.map((s) => ({ type: "bar", stack: stack ? "all" : undefined, barMaxWidth: 18, ...s })),
      });
    },
    lines(body, names, series) {
      return view.chart(body, {
        tooltip: { trigger: "axis" },
        legend: { textStyle: { color: "#d8e7ff" }, top: 0, type: "scroll" },
        grid: { left: 40, right: 16, top: 30, bottom: 24 },
        xAxis: { type: "category", data: names, ...AXIS },
        yAxis: { type: "value", ...AXIS },
        series: series.map((s) => ({ type: "line", smooth: true, symbolSize: 4, ...s })),
      });
    },
    resize() { for (const c of charts) c.resize(); },
  };
  return view;
}
