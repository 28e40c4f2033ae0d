// UI strings for the map's scripts. Chinese is the default; English follows <html lang> (set by
// Django's language switcher). Model choice labels (place kinds, grid kinds) come from the server
// in Chinese; their English names live here.
const EN = {
  street: "Street/town", community: "Community/village", district: "District", grid: "Grid",
  micro_grid: "Micro-grid", place: "Place", places: "Places/components",
  areas: "Administrative areas", labels: "Names", grids: "Grids", microgrids: "Micro-grids",
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
};

const ZH = {
  street: "街道/镇", community: "社区/村", district: "区", grid: "网格", micro_grid: "微网格",
  place: "场所", places: "场所/部件", areas: "行政区划", labels: "名称标注", grids: "网格",
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
