// A worker's status on the map. The server sends on_duty, off_duty or outside (on duty, outside
// their own grid); whether a fix is stale depends on the clock, so the map works it out itself.
export const STALE_MS = 5 * 60 * 1000;

/**
 * The status to draw for a live worker item (`status`, `time` ISO-8601) at `now` (epoch ms):
 * on duty with no fix for STALE_MS is "stale" (失联); off duty stays off duty however old its fix.
 */
export function displayStatus(item, now = Date.now()) {
  if (item.status === "off_duty") return "off_duty";
  const fixed = Date.parse(item.time);
  if (!Number.isFinite(fixed) || now - fixed > STALE_MS) return "stale";
  return item.status === "outside" ? "outside" : "on_duty";
}
