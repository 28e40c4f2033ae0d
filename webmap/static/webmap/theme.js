// Colours and fonts shared by the map layers and the legend.

// No `glyphs` URL in the style: MapLibre then draws every character (CJK and Latin digits alike)
// in the browser from these local fonts, so labels need no network. The first name sets the
// weight MapLibre asks for ("… Bold" → 700).
export const FONT = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"];
export const FONT_BOLD = ["Noto Sans CJK SC Bold", ...FONT];
export const LOCAL_IDEOGRAPH_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

export const COLORS = {
  background: "#e8edf2",
  district: "#0a2342",
  street: "#1d4f91",
  community: "#5b7fae",
  grid: "#2f6fde",
  dedicated: "#e8590c",
  microGrid: "#8a9bb3",
  highlight: "#ff2d55",
  halo: "rgba(255,255,255,0.92)",
};

// Street fills cycle through soft tints so neighbouring streets read apart.
export const STREET_TINTS = ["#9cc3f5", "#a8dcc4", "#f5d59c", "#d3b8f0", "#f3b2b2", "#9fd8e6", "#cfe29a", "#f2c2e0"];

export const PLACE_COLORS = {
  school: "#2563eb",
  hospital: "#dc2626",
  facility: "#8a5a2b", // brown, a square icon: apart from the grey of off-duty workers
  key_place: "#ea580c",
  religious_site: "#9333ea",
  financial_outlet: "#b8860b",
  militia_unit: "#7c2d12",
  warehouse: "#0891b2",
  shelter: "#16a34a",
};
export const PLACE_DEFAULT_COLOR = "#475569";

// Live workers by status (the legend uses the same colours).
export const STATUS_COLORS = {
  on_duty: "#16a34a",
  outside: "#dc2626",
  stale: "#d97706",
  off_duty: "#94a3b8",
};
export const STATUS_ORDER = ["on_duty", "outside", "stale", "off_duty"];

// Heat: fixes per hexagon, blue (few) to red (many), on a roughly logarithmic scale.
export const HEAT_RAMP = [[1, "#2c7bb6"], [4, "#00a6ca"], [16, "#90eb9d"], [64, "#f9d057"], [256, "#f29e2e"], [1024, "#d7191c"]];
