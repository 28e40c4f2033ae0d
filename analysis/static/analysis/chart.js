// The aggregate beside the map: the units with the most matches as an ECharts bar chart.
const TOP = 20;

export function showChart(container, collection, label) {
  const rows = [...collection.features].sort((a, b) => b.properties.count - a.properties.count).slice(0, TOP).reverse();
  container.hidden = false;
  const chart = window.echarts.getInstanceByDom(container) || window.echarts.init(container);
  chart.setOption(
    {
      grid: { left: 110, right: 20, top: 10, bottom: 24 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", name: label },
      yAxis: { type: "category", data: rows.map((f) => f.properties.name), axisLabel: { width: 100, overflow: "truncate" } },
      series: [{ type: "bar", data: rows.map((f) => f.properties.count), itemStyle: { color: "#d94801" } }],
    },
    true,
  );
  chart.resize();
  return chart;
}

export function hideChart(container) {
  const chart = window.echarts.getInstanceByDom(container);
  if (chart) chart.clear();
  container.hidden = true;
}
