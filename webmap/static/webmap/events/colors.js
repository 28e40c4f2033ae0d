// The status colours the event list, the map and the legend share.
export const STATUS_COLORS = {
  reported: "#e08a00",
  accepted: "#2563eb",
  dispatched: "#7c3aed",
  escalated: "#c026d3",
  in_progress: "#0891b2",
  resolved: "#16a34a",
  closed: "#64748b",
  returned: "#ea580c",
  rejected: "#94a3b8",
  self_handled: "#15803d",
};
export const OVERDUE_COLOR = "#dc2626";
