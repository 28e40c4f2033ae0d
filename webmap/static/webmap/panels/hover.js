// Hovering: a pointer cursor over anything clickable and a small tooltip with its kind and name
// (a worker's status and name; a cluster's head count), for names the map does not label at the
// current zoom. Only where there is a real pointer.
import { choiceLabel, gettext } from "../kit/i18n.js";
import { statusName, typeName } from "../names.js";
import { pick } from "../pick.js";

export function enableHover(map, { placeKinds }) {
  if (!window.matchMedia("(hover: hover)").matches) return;
  const kindLabels = Object.fromEntries(placeKinds.map((k) => [k.value, k.label]));
  const tip = new maplibregl.Popup({ closeButton: false, closeOnClick: false, className: "hover-tip", offset: 14, maxWidth: "280px" });
  let frame = 0;
  map.on("mousemove", (e) => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const entity = pick(map, e.point);
      map.getCanvas().style.cursor = entity ? "pointer" : "";
      if (!entity || entity.type === "street") {
        tip.remove();
        return;
      }
      const node = document.createElement("div");
      const badge = document.createElement("span");
      badge.className = "hover-kind";
      if (entity.type === "cluster") {
        badge.textContent = gettext("{n} 名人员", { n: entity.count });
        node.append(badge);
      } else if (entity.type === "worker") {
        badge.textContent = statusName(entity.status);
        badge.classList.add(`hover-status-${entity.status}`);
        node.append(badge, document.createTextNode(` ${entity.name || gettext("人员 #{id}", { id: entity.id })}`));
      } else {
        badge.textContent = entity.type === "place" ? choiceLabel(entity.kind, kindLabels[entity.kind]) : typeName(entity.type);
        node.append(badge, document.createTextNode(` ${entity.name}`));
      }
      tip.setLngLat(e.lngLat).setDOMContent(node).addTo(map);
    });
  });
  map.on("mouseout", () => { cancelAnimationFrame(frame); tip.remove(); map.getCanvas().style.cursor = ""; });
}
