// Live updates for the event screens: the map socket (`/ws/map/`, session cookie) asked for the
// events layer only. `event` frames (one per workflow step, after commit) go to `onEvent`. The
// first snapshot is ignored (the list comes from the API with its filters); one after a
// reconnect calls `onResync`, since steps taken while the socket was down were missed. The socket
// reconnects with backoff by itself (../live/socket.js).
import { LiveSocket } from "../live/socket.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";

export function createLive(parent, { onEvent, onResync }) {
  const pill = el("span", "ev-live", null, { id: "ev-live", role: "status", dataset: { state: "connecting" } });
  const label = el("span", "ev-live-label", t("conn_connecting"));
  pill.append(el("span", "ev-live-dot", null, { "aria-hidden": "true" }), label);
  parent.append(pill);

  const socket = new LiveSocket({
    onMessage(frame) {
      if (frame.type === "event" && Number.isInteger(frame.id)) onEvent(frame);
      else if (frame.type === "events" && frame.snapshot && socket.connects > 1) onResync();
    },
    onState(state) {
      pill.dataset.state = state;
      label.textContent = t(`conn_${state}`);
    },
  });
  socket.setLayers(["events"]); // kept and sent on every (re)connect
  return socket.start();
}
