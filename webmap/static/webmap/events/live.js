// Live updates for the event screens: the map socket (`/ws/map/`, session cookie) asked for the
// events layer only. `event` frames (one per workflow step, after commit) go to `onEvent`. The
// first snapshot is ignored (the list comes from the API with its filters); one after a
// reconnect calls `onResync`, since steps taken while the socket was down were missed. The socket
// reconnects with backoff by itself (../live/socket.js).
import { createStatusPill } from "../kit/status.js";
import { LiveSocket } from "../live/socket.js";

export function createLive(parent, { onEvent, onResync }) {
  const pill = createStatusPill(parent, { id: "ev-live", className: "ev-live", prefix: "ev-live", tag: "span" });
  const socket = new LiveSocket({
    onMessage(frame) {
      if (frame.type === "event" && Number.isInteger(frame.id)) onEvent(frame);
      else if (frame.type === "events" && frame.snapshot && socket.connects > 1) onResync();
    },
    onState: (state) => pill.setState(state),
  });
  socket.setLayers(["events"]); // kept and sent on every (re)connect
  return socket.start();
}
