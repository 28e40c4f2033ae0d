// The names of the map's things (area levels, entity types, worker statuses, event steps), marked
// for the catalogue and translated where shown.
import { gettext, gettext_noop } from "./kit/i18n.js";

// The server sends place and grid kinds with their Chinese labels; marked here for the catalogue.
export const KIND_LABELS = [
  gettext_noop("学校"), gettext_noop("医院"), gettext_noop("设施部件"), gettext_noop("重点场所"), gettext_noop("宗教场所"),
  gettext_noop("金融网点"), gettext_noop("民兵组织"), gettext_noop("装备仓库"), gettext_noop("应急避难场所"), gettext_noop("综合网格"),
  gettext_noop("专属网格"),
];

const TYPES = {
  district: gettext_noop("区"),
  street: gettext_noop("街道/镇"),
  community: gettext_noop("社区/村"),
  grid: gettext_noop("网格"),
  micro_grid: gettext_noop("微网格"),
  place: gettext_noop("场所"),
  places: gettext_noop("场所/部件"),
  building: gettext_noop("楼栋"),
  location: gettext_noop("位置"),
  point: gettext_noop("点击位置"),
};

export const STATUS_NAMES = {
  on_duty: gettext_noop("在岗"),
  outside: gettext_noop("离开网格"),
  stale: gettext_noop("失联"),
  off_duty: gettext_noop("离岗"),
};

const ACTIONS = {
  report: gettext_noop("新上报"),
  accept: gettext_noop("受理"),
  dispatch: gettext_noop("下派"),
  escalate: gettext_noop("上报上级"),
  start: gettext_noop("开始处置"),
  resolve: gettext_noop("办结"),
  close: gettext_noop("结案"),
  return: gettext_noop("退回"),
  reject: gettext_noop("不予受理"),
  self_handle: gettext_noop("自办自结"),
  supervise: gettext_noop("督办"),
  rate: gettext_noop("评价"),
  overdue: gettext_noop("超期"),
};

/** An area level or entity type ("street", "grid", "place", …) by name. */
export function typeName(type) {
  return TYPES[type] ? gettext(TYPES[type]) : type;
}

/** A worker status (on_duty, outside, stale, off_duty). */
export function statusName(status) {
  return STATUS_NAMES[status] ? gettext(STATUS_NAMES[status]) : status;
}

/** An event's workflow step as the live feed says it (report, accept, …). */
export function actionName(action) {
  return ACTIONS[action] ? gettext(ACTIONS[action]) : action;
}
