// Strings of the GIS admin mode (网格调整). Chinese first; English follows <html lang>.
import { LANG } from "../i18n.js";

const ZH = {
  adjust: "网格调整", merge: "合并", split: "划线拆分", split_micro: "按微网格拆分", migrate: "划转微网格",
  reshape: "调整边界", retire: "撤销网格", preview: "预览", apply: "确认调整", cancel: "取消", revert: "撤回",
  draw_line: "画线", targets: "选择接收网格", name: "新名称（可选）", reason: "调整原因",
  hint_merge: "依次点选要合并的相邻网格（第一个保留编码）", hint_split: "点选网格，再画一条穿过它的线（按回车完成）",
  hint_split_micro: "点选要组成新网格的微网格", hint_migrate: "点选要划转的微网格，再点“选择接收网格”并点选网格",
  hint_reshape: "点选两个相邻网格，再沿新边界画线（按回车完成）", hint_retire: "点选要撤销的网格，再点“选择接收网格”并点选相邻网格",
  selected: "已选", target: "接收", line_drawn: "已画线（{n} 个点）", previewing: "正在预览…", applying: "正在调整…",
  applied: "调整已生效 #{id}", reverted: "已撤回 #{id}", counts: "将移动的数据", code_map: "编码变化",
  members: "网格成员变动", area_change: "面积变化", history: "调整历史", as_of: "查看历史图层",
  as_of_now: "当前", none: "无", places: "场所", events: "事项", latest_positions: "最新位置", checkins: "签到",
  visits: "寻访", buildings: "楼栋", houses: "房屋", organisations: "组织", people: "人员", grid_members: "网格成员",
  militia_orgs: "民兵组织", militia_resources: "应急资源", militia_tasks: "民兵任务", emergencies: "应急事件",
  op_merge: "合并", op_split: "拆分", op_migrate: "划转", op_reshape: "调整边界", op_retire: "撤销",
  status_preview: "预览", status_applied: "已生效", status_reverted: "已撤回",
};

const EN = {
  adjust: "Adjust grids", merge: "Merge", split: "Split by line", split_micro: "Split by micro-grids",
  migrate: "Move micro-grids", reshape: "Reshape boundary", retire: "Retire grid", preview: "Preview",
  apply: "Apply", cancel: "Cancel", revert: "Revert", draw_line: "Draw line", targets: "Pick receiving grids",
  name: "New name (optional)", reason: "Reason",
  hint_merge: "Click the adjacent grids to merge (the first keeps its code)",
  hint_split: "Click a grid, then draw a line across it (Enter to finish)",
  hint_split_micro: "Click the micro-grids that form the new grid",
  hint_migrate: "Click micro-grids, then “Pick receiving grids” and click the grid",
  hint_reshape: "Click two neighbouring grids, then draw the new boundary (Enter to finish)",
  hint_retire: "Click the grid to retire, then “Pick receiving grids” and click neighbours",
  selected: "Selected", target: "To", line_drawn: "Line drawn ({n} points)", previewing: "Previewing…",
  applying: "Applying…", applied: "Applied #{id}", reverted: "Reverted #{id}", counts: "Rows that move",
  code_map: "Code changes", members: "Grid members moving", area_change: "Area change", history: "History",
  as_of: "Layer as of", as_of_now: "now", none: "none", places: "Places", events: "Events",
  latest_positions: "Latest positions", checkins: "Check-ins", visits: "Visits", buildings: "Buildings",
  houses: "Houses", organisations: "Organisations", people: "People", grid_members: "Grid members",
  militia_orgs: "Militia units", militia_resources: "Resources", militia_tasks: "Militia tasks",
  emergencies: "Emergencies", op_merge: "Merge", op_split: "Split", op_migrate: "Move", op_reshape: "Reshape",
  op_retire: "Retire", status_preview: "Preview", status_applied: "Applied", status_reverted: "Reverted",
};

const STRINGS = LANG.toLowerCase().startsWith("en") ? EN : ZH;

export function t(key, values = {}) {
  const text = STRINGS[key] ?? ZH[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}
