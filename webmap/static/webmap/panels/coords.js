import { gettext } from "../kit/i18n.js";
// A map control showing the pointer's position in WGS84 (6 decimals, ~0.1 m) and the zoom level.

export class CoordinatesControl {
  /** `toWgs84([lon, lat])` turns map coordinates into WGS84 (they differ over a GCJ-02 base map). */
  constructor(toWgs84) {
    this.toWgs84 = toWgs84;
  }

  onAdd(map) {
    this.map = map;
    this.container = document.createElement("div");
    this.container.className = "maplibregl-ctrl coords-control";
    this.container.id = "cursor-coords";
    this.position = document.createElement("span");
    this.position.className = "coords-position";
    this.position.textContent = gettext("将鼠标移到地图上");
    this.zoom = document.createElement("span");
    this.zoom.className = "coords-zoom";
    this.container.append(this.position, this.zoom);
    this.onMove = (e) => {
      const [lon, lat] = this.toWgs84([e.lngLat.lng, e.lngLat.lat]);
      this.position.textContent = `${gettext("经度")} ${lon.toFixed(6)}  ${gettext("纬度")} ${lat.toFixed(6)}  WGS84`;
      this.container.dataset.lon = lon.toFixed(6);
      this.container.dataset.lat = lat.toFixed(6);
    };
    this.onZoom = () => { this.zoom.textContent = `${gettext("级别")} ${map.getZoom().toFixed(1)}`; };
    map.on("mousemove", this.onMove);
    map.on("zoom", this.onZoom);
    this.onZoom();
    return this.container;
  }

  onRemove() {
    this.map.off("mousemove", this.onMove);
    this.map.off("zoom", this.onZoom);
    this.container.remove();
  }
}
