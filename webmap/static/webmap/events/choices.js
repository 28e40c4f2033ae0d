// The labels of the event workflow's choices (status, action, source, priority, level) and of
// area levels and roles. The server sends the Chinese labels with the page config; they are marked
// here for the catalogue (djangojs.po holds the English), so a label reads in the page's language.
import { gettext, gettext_noop } from "../kit/i18n.js";

const LABELS = {
  status: {
    reported: gettext_noop("待受理"), accepted: gettext_noop("已受理"), dispatched: gettext_noop("已下派"),
    escalated: gettext_noop("已上报"), in_progress: gettext_noop("处置中"), resolved: gettext_noop("已办结"),
    closed: gettext_noop("已结案"), returned: gettext_noop("已退回"), rejected: gettext_noop("不予受理"),
    self_handled: gettext_noop("自办自结"),
  },
  action: {
    report: gettext_noop("上报事项"), accept: gettext_noop("受理"), dispatch: gettext_noop("下派"),
    escalate: gettext_noop("上报上级"), start: gettext_noop("开始处置"), resolve: gettext_noop("办结"),
    close: gettext_noop("结案"), return: gettext_noop("退回"), reject: gettext_noop("不予受理"),
    self_handle: gettext_noop("自办自结"), supervise: gettext_noop("督办"), rate: gettext_noop("评价"),
    overdue: gettext_noop("超期"),
  },
  source: {
    worker: gettext_noop("网格员上报"), public: gettext_noop("群众随手拍"), hotline_12345: gettext_noop("12345热线"),
    city_management: gettext_noop("数字城管"), other: gettext_noop("其他"),
  },
  priority: {
    "1": gettext_noop("低"), "2": gettext_noop("一般"), "3": gettext_noop("紧急"), "4": gettext_noop("特急"),
  },
  level: {
    grid: gettext_noop("网格员"), grid_leader: gettext_noop("网格长"), street: gettext_noop("街道中心"),
    district: gettext_noop("区指挥中心"), department: gettext_noop("职能部门"),
  },
  area: {
    district: gettext_noop("区"), street: gettext_noop("街道/镇"), community: gettext_noop("社区/村"),
    grid: gettext_noop("网格"), micro_grid: gettext_noop("微网格"),
  },
  role: {
    grid_worker: gettext_noop("网格员"), grid_leader: gettext_noop("网格长"), militia_unit: gettext_noop("民兵组织"),
  },
};
let serverLabels = {};

/** Remembers the server's choice labels: `{status: [{value, label}], …}`. */
export function setChoiceLabels(choices) {
  serverLabels = Object.fromEntries(Object.entries(choices).map(([kind, list]) => [
    kind, Object.fromEntries(list.map((c) => [String(c.value), c.label]))]));
}

/** The label of a choice `value` of `kind` (status, action, source, priority, level, area, role). */
export function choice(kind, value, fallback) {
  const key = String(value);
  const label = serverLabels[kind]?.[key] ?? LABELS[kind]?.[key] ?? fallback;
  return label ? gettext(label) : key;
}
