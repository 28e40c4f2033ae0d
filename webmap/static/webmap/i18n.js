// UI strings for the map's scripts. Chinese is the default; English follows <html lang> (set by
// Django's language switcher). Model choice labels (place kinds, grid kinds) come from the server
// in Chinese; their English names live here.
const EN = {
  street: "Street/town", community: "Community/village", district: "District", grid: "Grid",
  micro_grid: "Micro-grid", place: "Place", places: "Places/components",
  areas: "Administrative areas", labels: "Names", grids: "Grids", microgrids: "Micro-grids",
  buildings: "Buildings", building: "Building", population: "People per grid", special_groups: "Special groups",
  building_residential: "Residential", building_commercial: "Commercial", building_mixed: "Mixed use",
  building_public: "Public", level_red: "Red (high)", level_yellow: "Yellow", level_green: "Green (low)",
  building_view: "Floors and rooms",
  comprehensive: "Comprehensive grid", dedicated: "Dedicated grid",
  school: "School", hospital: "Hospital", facility: "Facility", key_place: "Key place",
  religious_site: "Religious site", financial_outlet: "Financial outlet", militia_unit: "Militia unit",
  warehouse: "Equipment warehouse", shelter: "Emergency shelter",
  code: "Code", name: "Name", kind: "Type", level: "Level", location_code: "Location code",
  dedicated_grid: "Dedicated grid", chain: "Belongs to",
  point: "Clicked point", location: "Location", locate_point: "Locate this point", locating: "Locating…",
  outside: "Outside the jurisdiction", loading: "Loading…", no_results: "Nothing found",
  search_failed: "Search failed", from_zoom: "from zoom {z}", zoom: "Zoom",
  lon: "Lon", lat: "Lat", fly_to: "Show on map",
  coords_hint: "Move the pointer over the map",
  // Live map
  live: "Live", workers: "Workers", checkins: "Check-ins", heat: "Patrol heat",
  status_on_duty: "On duty", status_outside: "Outside own grid", status_stale: "No fix for 5 min", status_off_duty: "Off duty",
  worker: "Grid worker", cluster: "{n} workers", unknown_worker: "Worker #{id}",
  conn_connecting: "Connecting…", conn_open: "Live", conn_reconnecting: "Reconnecting…", conn_closed: "Disconnected",
  conn_denied: "No live access", conn_workers: "{n} on the map",
  kind_in: "Check-in", kind_out: "Check-out", inside_grid: "inside the grid", outside_grid_m: "{m} m outside the grid",
  refused: "not accepted", event: "Event", notice: "Dispatch",
  action_report: "Reported", action_accept: "Accepted", action_dispatch: "Dispatched", action_escalate: "Escalated",
  action_start: "In progress", action_resolve: "Resolved", action_close: "Closed", action_return: "Returned",
  action_reject: "Rejected", action_self_handle: "Handled on the spot", action_supervise: "Supervised",
  action_rate: "Rated", action_overdue: "Overdue",
  own_grid: "Grid", duty_since: "On duty since", not_on_duty: "Off duty", distance_today: "Distance today",
  coverage_today: "Coverage today", last_fix: "Last fix", battery: "Battery", phone: "Phone",
  visits_today: "Visits today", checkins_today: "Check-ins today",
  replay: "Replay today's track", replay_loading: "Loading track…", no_track: "No track recorded today",
  play: "Play", pause: "Pause", fixes: "fixes",
  just_now: "just now", seconds_ago: "{n} s ago", minutes_ago: "{n} min ago", hours_ago: "{n} h ago", days_ago: "{n} d ago",
  heat_few: "few fixes", heat_many: "many",
  // Worker page
  my_duty: "My duty", check_in: "Check in", check_out: "Check out", on_duty_since: "On duty since {time}",
  off_duty_now: "Off duty", geo_error: "Cannot get your location: {reason}", geo_unsupported: "This browser cannot share its location",
  share: "Share my location", share_hint: "While on duty, fixes upload every 15 s", share_needs_duty: "Check in to share your location",
  queue: "{n} fixes waiting", queue_empty: "Everything uploaded", last_upload: "last upload {time}",
  offline: "Offline: fixes are kept and uploaded when the network is back", upload_failed: "Upload failed ({reason}); retrying",
  uploaded: "{n} uploaded", rejected_fixes: "{n} rejected", accuracy: "±{m} m", my_position: "My position",
  today: "Today", position_unknown: "Waiting for a fix…", not_member: "You are not a grid member, so you cannot check in",
  command_map: "Command map", working: "Sending…", km: "km", network_error: "No network; try again later", upload_queue: "Upload queue",
};

const ZH = {
  street: "街道/镇", community: "社区/村", district: "区", grid: "网格", micro_grid: "微网格",
  place: "场所", places: "场所/部件", areas: "行政区划", labels: "名称标注", grids: "网格",
  buildings: "楼栋", building: "楼栋", population: "实有人口(按网格)", special_groups: "重点人群",
  building_residential: "住宅", building_commercial: "商业", building_mixed: "商住混合", building_public: "公共建筑",
  level_red: "红(高)", level_yellow: "黄(中)", level_green: "绿(低)", building_view: "楼盘表",
  microgrids: "微网格", comprehensive: "综合网格", dedicated: "专属网格",
  school: "学校", hospital: "医院", facility: "设施部件", key_place: "重点场所",
  religious_site: "宗教场所", financial_outlet: "金融网点", militia_unit: "民兵组织",
  warehouse: "装备仓库", shelter: "应急避难场所",
  code: "编码", name: "名称", kind: "类型", level: "级别", location_code: "位置编码",
  dedicated_grid: "专属网格", chain: "所属",
  point: "点击位置", location: "位置", locate_point: "定位此点", locating: "正在定位…",
  outside: "不在辖区范围内", loading: "加载中…", no_results: "没有找到结果",
  search_failed: "搜索失败", from_zoom: "{z}级起显示", zoom: "级别",
  lon: "经度", lat: "纬度", fly_to: "在地图上显示",
  coords_hint: "将鼠标移到地图上",
  // 实时地图
  live: "实时", workers: "在岗人员", checkins: "签到", heat: "巡查热力",
  status_on_duty: "在岗", status_outside: "离开网格", status_stale: "失联", status_off_duty: "离岗",
  worker: "网格员", cluster: "{n} 名人员", unknown_worker: "人员 #{id}",
  conn_connecting: "连接中…", conn_open: "已连接", conn_reconnecting: "重连中…", conn_closed: "已断开",
  conn_denied: "无实时数据权限", conn_workers: "地图上 {n} 人",
  kind_in: "签到", kind_out: "签退", inside_grid: "网格内", outside_grid_m: "网格外 {m} 米",
  refused: "未生效", event: "事件", notice: "调度",
  action_report: "新上报", action_accept: "受理", action_dispatch: "下派", action_escalate: "上报上级",
  action_start: "开始处置", action_resolve: "办结", action_close: "结案", action_return: "退回",
  action_reject: "不予受理", action_self_handle: "自办自结", action_supervise: "督办",
  action_rate: "评价", action_overdue: "超期",
  own_grid: "所属网格", duty_since: "上岗时间", not_on_duty: "未在岗", distance_today: "今日里程",
  coverage_today: "今日覆盖", last_fix: "最后定位", battery: "电量", phone: "电话",
  visits_today: "今日寻访", checkins_today: "今日签到",
  replay: "回放今日轨迹", replay_loading: "正在加载轨迹…", no_track: "今日暂无轨迹",
  play: "播放", pause: "暂停", fixes: "个定位点",
  just_now: "刚刚", seconds_ago: "{n} 秒前", minutes_ago: "{n} 分钟前", hours_ago: "{n} 小时前", days_ago: "{n} 天前",
  heat_few: "少", heat_many: "多",
  // 网格员页面
  my_duty: "我的执勤", check_in: "签到", check_out: "签退", on_duty_since: "在岗 · {time} 起",
  off_duty_now: "未在岗", geo_error: "无法获取位置：{reason}", geo_unsupported: "此浏览器不支持定位",
  share: "上报位置", share_hint: "在岗期间每 15 秒上传一次定位", share_needs_duty: "签到后可上报位置",
  queue: "待上传 {n} 个定位点", queue_empty: "已全部上传", last_upload: "上次上传 {time}",
  offline: "当前离线，定位点已保存，恢复网络后自动上传", upload_failed: "上传失败（{reason}），稍后重试",
  uploaded: "已上传 {n}", rejected_fixes: "{n} 个被拒收", accuracy: "精度 {m} 米", my_position: "当前位置",
  today: "今日", position_unknown: "等待定位…", not_member: "您不是网格成员，无法签到签退",
  command_map: "指挥地图", working: "提交中…", km: "公里", network_error: "网络不可用，请稍后重试", upload_queue: "上传队列",
};

export const LANG = document.documentElement.lang || "zh-hans";
const isEnglish = LANG.toLowerCase().startsWith("en");
const STRINGS = isEnglish ? EN : ZH;

/** The UI string `key`, with `{name}` placeholders filled from `values`. */
export function t(key, values = {}) {
  const text = STRINGS[key] ?? ZH[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}

/** A label for a model choice: English from the table above, else the server's Chinese label. */
export function choiceLabel(value, serverLabel) {
  return isEnglish ? (EN[value] ?? serverLabel ?? value) : (serverLabel ?? ZH[value] ?? value);
}

/** Fills every `[data-i18n]` element under `root` with its string (the page's markup holds the Chinese). */
export function applyI18n(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
}
