// UI strings of the event screens. Chinese is the default; English follows <html lang> (Django's
// language switcher sets it). Model choice labels (statuses, actions, sources…) come from the
// server in Chinese; their English names live here, keyed by value.
const ZH = {
  events: "事项管理", list: "事项列表", map: "事项地图", detail: "事项详情",
  filters: "筛选", search_code: "事项编号", status: "状态", all_statuses: "全部状态", n_statuses: "{n} 个状态",
  category: "分类", all_categories: "全部分类", source: "来源", all_sources: "全部来源",
  overdue_only: "已超期", supervised_only: "督办", todo_only: "我的待办", reset: "重置",
  select_all: "全选", clear: "清空", open_statuses: "未结案",
  count: "共 {n} 件", shown_of: "显示 {shown} / 共 {n} 件", load_more: "加载更多", empty: "没有符合条件的事项",
  loading: "加载中…", load_failed: "加载失败：{reason}", retry: "重试",
  todo: "待办", overdue: "超期", due_soon: "即将到期", supervised: "督办", reminders: "提醒",
  select_hint: "在列表或地图上选择一个事项", back: "返回列表", close: "关闭",
  code: "编号", title: "标题", description: "描述", priority: "紧急程度", level: "处置层级",
  handler: "处置人", department: "责任部门", due_at: "处置期限", created_at: "上报时间", reporter: "上报人",
  address: "地址", contact: "联系人", location: "所属位置", photos: "现场照片", timeline: "流转记录",
  actions: "操作", no_actions: "当前状态下您没有可执行的操作", none: "—", system: "系统",
  remaining: "剩余 {d}", overdue_by: "超期 {d}", minutes: "{n} 分钟", hours: "{n} 小时", days: "{n} 天",
  chain_failed: "无法显示所属位置", exif_hint: "照片拍摄位置距上报点 {m} 米",
  note: "处理意见", note_placeholder: "填写处理意见（选填）", note_required: "请填写意见",
  confirm: "确定", cancel: "取消", working: "提交中…", rating: "评价", rating_none: "不评价",
  target: "上报至", target_default: "上一级（默认）",
  stale: "该事项已被他人处理，请刷新", refreshed: "已刷新为最新状态", forbidden: "无权执行此操作：{reason}",
  action_failed: "操作失败：{reason}", network_error: "网络不可用，请稍后重试", done: "已{action}",
  // Dispatch
  dispatch_title: "下派事项", radius: "搜索半径", grid_people: "本网格人员", nearby_workers: "附近在岗人员",
  militia_units: "附近民兵组织", departments: "职能部门", choose_department: "选择部门…",
  grid_worker: "网格员", grid_leader: "网格长", no_nearby: "{r} 范围内没有在岗人员", no_units: "{r} 范围内没有民兵组织",
  metres: "{n} 米", km: "{n} 公里", last_fix: "{age}定位", battery: "电量 {n}%", dispatch_to: "下派给 {name}",
  choose_target: "请选择下派对象", dispatch_confirm: "确认下派", on_duty: "在岗", reference_only: "仅供调度参考",
  event_point: "事项位置",
  // Live
  conn_connecting: "连接中…", conn_open: "实时", conn_reconnecting: "重连中…", conn_closed: "已断开", conn_denied: "无实时权限",
  live_updated: "{code} 已更新", just_now: "刚刚", minutes_ago: "{n} 分钟前", hours_ago: "{n} 小时前", days_ago: "{n} 天前",
  legend: "图例", overdue_ring: "超期（红圈）",
};

const EN = {
  events: "Events", list: "Event list", map: "Event map", detail: "Event detail",
  filters: "Filters", search_code: "Event code", status: "Status", all_statuses: "All statuses", n_statuses: "{n} statuses",
  category: "Category", all_categories: "All categories", source: "Source", all_sources: "All sources",
  overdue_only: "Overdue", supervised_only: "Supervised", todo_only: "My to-do", reset: "Reset",
  select_all: "All", clear: "None", open_statuses: "Open",
  count: "{n} events", shown_of: "{shown} of {n} events", load_more: "Load more", empty: "No events match",
  loading: "Loading…", load_failed: "Could not load: {reason}", retry: "Retry",
  todo: "To-do", overdue: "Overdue", due_soon: "Due soon", supervised: "Supervised", reminders: "Reminders",
  select_hint: "Choose an event in the list or on the map", back: "Back to list", close: "Close",
  code: "Code", title: "Title", description: "Description", priority: "Priority", level: "Held at",
  handler: "Handler", department: "Department", due_at: "Due", created_at: "Reported", reporter: "Reporter",
  address: "Address", contact: "Contact", location: "Location", photos: "Photos", timeline: "Timeline",
  actions: "Actions", no_actions: "Nothing you can do in this status", none: "—", system: "System",
  remaining: "{d} left", overdue_by: "{d} overdue", minutes: "{n} min", hours: "{n} h", days: "{n} d",
  chain_failed: "Location chain unavailable", exif_hint: "Photo taken {m} m from the reported point",
  note: "Note", note_placeholder: "Add a note (optional)", note_required: "A note is required",
  confirm: "OK", cancel: "Cancel", working: "Sending…", rating: "Rating", rating_none: "No rating",
  target: "Escalate to", target_default: "Next level up (default)",
  stale: "Someone else has handled this event; please refresh", refreshed: "Refreshed to the latest state",
  forbidden: "Not allowed: {reason}", action_failed: "Failed: {reason}", network_error: "No network; try again later",
  done: "{action}: done",
  dispatch_title: "Dispatch event", radius: "Radius", grid_people: "This grid", nearby_workers: "On duty nearby",
  militia_units: "Militia units nearby", departments: "Department", choose_department: "Choose a department…",
  grid_worker: "Grid worker", grid_leader: "Grid leader", no_nearby: "Nobody on duty within {r}", no_units: "No militia unit within {r}",
  metres: "{n} m", km: "{n} km", last_fix: "fix {age}", battery: "battery {n}%", dispatch_to: "Dispatch to {name}",
  choose_target: "Choose who gets the event", dispatch_confirm: "Dispatch", on_duty: "On duty", reference_only: "for reference",
  event_point: "Event location",
  conn_connecting: "Connecting…", conn_open: "Live", conn_reconnecting: "Reconnecting…", conn_closed: "Disconnected",
  conn_denied: "No live access",
  live_updated: "{code} updated", just_now: "just now", minutes_ago: "{n} min ago", hours_ago: "{n} h ago", days_ago: "{n} d ago",
  legend: "Legend", overdue_ring: "Overdue (red ring)",
};

// English names of the server's choices (the Chinese come with the page config).
const EN_CHOICES = {
  status: {
    reported: "Reported", accepted: "Accepted", dispatched: "Dispatched", escalated: "Escalated", in_progress: "In progress",
    resolved: "Resolved", closed: "Closed", returned: "Returned", rejected: "Rejected", self_handled: "Self-handled",
  },
  action: {
    report: "Reported", accept: "Accept", dispatch: "Dispatch", escalate: "Escalate", start: "Start", resolve: "Resolve",
    close: "Close", return: "Return", reject: "Reject", self_handle: "Self-handle", supervise: "Supervise", rate: "Rate",
    overdue: "Overdue",
  },
  source: { worker: "Grid worker", public: "Public (photo report)", hotline_12345: "12345 hotline", city_management: "City management", other: "Other" },
  priority: { 1: "Low", 2: "Normal", 3: "Urgent", 4: "Critical" },
  level: { grid: "Grid worker", grid_leader: "Grid leader", street: "Street centre", district: "District centre", department: "Department" },
  area: { district: "District", street: "Street/town", community: "Community/village", grid: "Grid", micro_grid: "Micro-grid" },
  role: { grid_worker: "Grid worker", grid_leader: "Grid leader", militia_unit: "Militia unit" },
};
const ZH_CHOICES = {
  area: { district: "区", street: "街道/镇", community: "社区/村", grid: "网格", micro_grid: "微网格" },
  role: { grid_worker: "网格员", grid_leader: "网格长", militia_unit: "民兵组织" },
};

export const LANG = document.documentElement.lang || "zh-hans";
export const isEnglish = LANG.toLowerCase().startsWith("en");
const STRINGS = isEnglish ? EN : ZH;
let serverLabels = {};

/** The UI string `key`, with `{name}` placeholders filled from `values`. */
export function t(key, values = {}) {
  const text = STRINGS[key] ?? ZH[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}

/** Remembers the server's Chinese choice labels: `{status: [{value, label}], …}`. */
export function setChoiceLabels(choices) {
  serverLabels = Object.fromEntries(Object.entries(choices).map(([kind, list]) => [
    kind, Object.fromEntries(list.map((c) => [String(c.value), c.label]))]));
}

/** The label of a choice `value` of `kind` (status, action, source, priority, level, area, role). */
export function choice(kind, value, fallback) {
  const key = String(value);
  if (isEnglish) return EN_CHOICES[kind]?.[key] ?? fallback ?? key;
  return serverLabels[kind]?.[key] ?? ZH_CHOICES[kind]?.[key] ?? fallback ?? key;
}

/** Fills every `[data-i18n]` element under `root` (the markup holds the Chinese). */
export function applyI18n(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of root.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
}
