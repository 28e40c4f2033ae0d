// UI strings of the militia and emergency screens (command panel, militia page, phone notices).
// Chinese is the default; English follows <html lang>. Model choice labels come from the server
// in Chinese; their English names are keyed by value here.
const LANG = document.documentElement.lang || "zh-hans";
export const isEnglish = LANG.toLowerCase().startsWith("en");

const ZH = {
  start_emergency: "启动应急响应", emergency_started: "已启动应急响应：{title}",
  emergency: "应急调度", draw_area: "划定区域", pick_point: "点选位置", finish: "完成", cancel: "取消",
  draw_hint: "在地图上依次点击区域顶点，双击或点“完成”结束", pick_hint: "在地图上点击一个位置",
  radius: "范围", kinds: "力量", scan: "搜索附近力量", scanning: "搜索中…", found: "找到 {n} 支力量",
  none_found: "范围内没有可调度力量", select_all: "全选", chosen: "已选 {n}",
  title: "标题", body: "调度内容", photo: "现场照片", dispatch: "调度并通知", dispatching: "发送中…",
  dispatched: "已调度，通知 {n} 人", failed: "失败：{reason}", distance_inside: "区域内",
  worker: "在岗网格员", militia_member: "待命民兵", militia_company: "民兵连", resource: "应急资源",
  members_on_call: "{on}/{all} 人待命", capacity: "容量 {n}{unit}", live_fix: "实时",
  notice: "调度通知", notices: "通知", no_notices: "暂无通知", unread: "{n} 条未读", read: "已读", mark_read: "标为已读",
  from: "来自 {name}", my_tasks: "我的任务", no_tasks: "暂无任务", clock_in: "任务打卡", clocking: "定位中…",
  clocked: "打卡成功，距任务地点 {m} 米", clocked_off: "已打卡，但距任务地点 {m} 米（超出范围）",
  militia: "基层武装", orgs: "组织", members: "民兵", equipment: "装备", tasks: "任务", plans: "预案",
  on_call: "待命", off_call: "休整", import: "Excel 导入", import_done: "已导入 {n} 人", rows_bad: "第 {row} 行 {field}：{message}",
  stock_kind: "装备种类", all_kinds: "全部装备", quantity: "数量", reason: "类型", record: "登记",
  in: "入库", out: "出库", approve: "批准", refuse: "驳回", comment: "意见", request: "申请任务",
  online: "上线", offline: "下线", status: "状态", loading: "加载中…", choose_company: "选择一个民兵连查看民兵",
  choose_warehouse: "在地图上点击仓库查看库存", total: "合计 {n}",
};
const EN = {
  start_emergency: "Start emergency response", emergency_started: "Emergency response started: {title}",
  emergency: "Emergency dispatch", draw_area: "Draw area", pick_point: "Pick a point", finish: "Finish", cancel: "Cancel",
  draw_hint: "Click the area's corners on the map; double-click or Finish to close it", pick_hint: "Click a place on the map",
  radius: "Radius", kinds: "Forces", scan: "Find nearby forces", scanning: "Searching…", found: "{n} forces found",
  none_found: "No forces in range", select_all: "Select all", chosen: "{n} chosen",
  title: "Title", body: "Orders", photo: "Photo of the scene", dispatch: "Dispatch and notify", dispatching: "Sending…",
  dispatched: "Dispatched: {n} people notified", failed: "Failed: {reason}", distance_inside: "inside",
  worker: "Grid workers on duty", militia_member: "Militia on call", militia_company: "Militia companies", resource: "Resources",
  members_on_call: "{on}/{all} on call", capacity: "capacity {n} {unit}", live_fix: "live",
  notice: "Dispatch notice", notices: "Notices", no_notices: "No notices", unread: "{n} unread", read: "Read", mark_read: "Mark read",
  from: "From {name}", my_tasks: "My tasks", no_tasks: "No tasks", clock_in: "Clock in", clocking: "Locating…",
  clocked: "Clocked in, {m} m from the task", clocked_off: "Clocked in, but {m} m from the task (out of range)",
  militia: "Militia", orgs: "Units", members: "Members", equipment: "Equipment", tasks: "Tasks", plans: "Plans",
  on_call: "On call", off_call: "Resting", import: "Import Excel", import_done: "{n} members imported", rows_bad: "Row {row} {field}: {message}",
  stock_kind: "Equipment", all_kinds: "All equipment", quantity: "Quantity", reason: "Movement", record: "Record",
  in: "In", out: "Out", approve: "Approve", refuse: "Refuse", comment: "Comment", request: "Request a task",
  online: "Online", offline: "Offline", status: "Status", loading: "Loading…", choose_company: "Choose a company to see its members",
  choose_warehouse: "Click a warehouse on the map to see its stock", total: "{n} in all",
};
const STRINGS = isEnglish ? EN : ZH;

/** The UI string `key`, with `{name}` placeholders filled from `values`. */
export function t(key, values = {}) {
  const text = STRINGS[key] ?? ZH[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}

/** Metres as "850 米" / "850 m" or "1.3 公里" / "1.3 km". */
export function metres(m) {
  if (m < 1000) return `${Math.round(m)} ${isEnglish ? "m" : "米"}`;
  return `${(m / 1000).toFixed(1)} ${isEnglish ? "km" : "公里"}`;
}

/** Fills every `[data-i18n]` element under `root` (the markup holds the Chinese). */
export function applyI18n(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
}
