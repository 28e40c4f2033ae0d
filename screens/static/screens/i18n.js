// The wall's labels: Chinese first, English when the page language is English.
const EN = {
  no_data: "No data", people: "Population", houses: "Houses", buildings: "Buildings", communities: "Communities",
  grids: "Grids", dedicated_grids: "Dedicated grids", microgrids: "Micro-grids", workers: "Grid workers",
  on_duty: "On duty now", owned: "Owner-occupied", rented: "Rented", vacant: "Vacant", business: "Business",
  by_area: "By area", housing: "Housing", patrols_today: "Patrols today", visits_today: "Visits today",
  duty_hours_today: "Duty hours today", coverage_today: "Micro-grid coverage today", checkin_rate: "Check-in rate",
  month: "This month", today: "Today", visits_by_kind: "Visits by kind", checkins_by_area: "Check-ins by area",
  risk_kinds: "Events by risk kind (30 days)", weekly_trend: "Weekly trend", total_30d: "Events, 30 days",
  hot_spots: "Hot spots", events_today: "Events today", this_year: "This year", total: "Total", open: "Open",
  overdue: "Overdue", supervised: "Supervised", avg_close_hours: "Avg. hours to close", close_rate_today: "Close rate today",
  categories: "Categories (this year)", department_load: "Open events by department", overdue_list: "Overdue events",
  hotline: "12345 hotline", city_management: "Digital city management", overdue_city: "Overdue cases",
  overdue_areas: "Overdue by area", militia_members: "Militia", on_call: "On call", orgs: "Militia units",
  resources: "Emergency resources", area_ranking: "Area ranking", grid_ranking: "Grid ranking", points: "Points this month",
  no_period: "No assessment computed yet", score: "Score", name: "Name", count: "Count", refreshed: "Refreshed",
  rotate: "Auto-rotate", visits: "Visits", patrols: "Patrols", events: "Events",
};
const ZH = {
  no_data: "暂无数据", people: "人口", houses: "房屋", buildings: "楼栋", communities: "社区", grids: "网格",
  dedicated_grids: "专属网格", microgrids: "微网格", workers: "网格员", on_duty: "当前在岗", owned: "自住", rented: "出租",
  vacant: "空置", business: "经营", by_area: "分区概况", housing: "房屋用途", patrols_today: "今日巡查",
  visits_today: "今日走访", duty_hours_today: "今日在岗时长", coverage_today: "今日微网格覆盖率", checkin_rate: "签到率",
  month: "本月", today: "今日", visits_by_kind: "走访对象", checkins_by_area: "分区签到率", risk_kinds: "风险类别（近30天）",
  weekly_trend: "按周趋势", total_30d: "近30天事件", hot_spots: "事件热点", events_today: "今日事件", this_year: "本年",
  total: "累计", open: "在办", overdue: "超期", supervised: "督办", avg_close_hours: "平均办结(小时)",
  close_rate_today: "今日办结率", categories: "事件分类（本年）", department_load: "部门在办量", overdue_list: "超期事件",
  hotline: "12345热线", city_management: "数字城管", overdue_city: "超期案件", overdue_areas: "分区超期",
  militia_members: "民兵", on_call: "应急待命", orgs: "民兵组织", resources: "应急资源", area_ranking: "区域排名",
  grid_ranking: "网格排名", points: "本月积分榜", no_period: "尚未计算考核", score: "得分", name: "名称", count: "数量",
  refreshed: "更新于", rotate: "自动轮播", visits: "走访", patrols: "巡查", events: "事件",
};
const table = document.documentElement.lang.startsWith("en") ? EN : ZH;
export const t = (key) => table[key] ?? ZH[key] ?? key;
