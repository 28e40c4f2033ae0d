// Place icons drawn at runtime on a canvas (no sprite to download): a coloured disc with a white
// pictogram, drawn on a 24-unit grid and scaled to the device's pixel ratio. Facilities (部件) get a
// rounded square instead, so they never read as a worker's dot (off-duty workers are grey discs).
import { PLACE_COLORS, PLACE_DEFAULT_COLOR } from "./theme.js";

const SIZE = 24;
const SQUARE = new Set(["facility"]);

function backing(g, kind, r) {
  g.beginPath();
  if (SQUARE.has(kind)) {
    const half = r * 0.92; // a square of the disc's width looks larger than the disc
    g.roundRect(12 - half, 12 - half, 2 * half, 2 * half, half * 0.32);
  }
  else g.arc(12, 12, r, 0, 2 * Math.PI);
}

const GLYPHS = {
  school(g) { // mortarboard
    g.beginPath(); g.moveTo(5, 10.5); g.lineTo(12, 7); g.lineTo(19, 10.5); g.lineTo(12, 14); g.closePath(); g.fill();
    g.beginPath(); g.moveTo(8, 12.5); g.lineTo(8, 15.5);
    g.quadraticCurveTo(12, 18, 16, 15.5); g.lineTo(16, 12.5); g.stroke();
  },
  hospital(g) { // cross
    g.fillRect(10.25, 6.5, 3.5, 11); g.fillRect(6.5, 10.25, 11, 3.5);
  },
  facility(g) { // manhole / component: ring with hub
    g.beginPath(); g.arc(12, 12, 5, 0, 2 * Math.PI); g.stroke();
    g.beginPath(); g.arc(12, 12, 1.8, 0, 2 * Math.PI); g.fill();
  },
  key_place(g) { // exclamation mark
    g.beginPath(); g.moveTo(10.4, 6.5); g.lineTo(13.6, 6.5);
    g.lineTo(12.8, 13.5); g.lineTo(11.2, 13.5); g.closePath(); g.fill();
    g.beginPath(); g.arc(12, 16.3, 1.6, 0, 2 * Math.PI); g.fill();
  },
  religious_site(g) { // temple: curved roof, pillars
    g.beginPath(); g.moveTo(5.5, 10); g.quadraticCurveTo(12, 9, 12, 5.5);
    g.quadraticCurveTo(12, 9, 18.5, 10); g.closePath(); g.fill();
    g.fillRect(7.5, 10.5, 9, 1.6); g.fillRect(8.3, 12, 1.8, 5);
    g.fillRect(13.9, 12, 1.8, 5); g.fillRect(6.5, 16.8, 11, 1.6);
  },
  financial_outlet(g) { // yuan sign
    g.beginPath(); g.moveTo(8, 6.5); g.lineTo(12, 12); g.lineTo(16, 6.5); g.moveTo(12, 12); g.lineTo(12, 18);
    g.moveTo(8.5, 12.5); g.lineTo(15.5, 12.5); g.moveTo(8.5, 15.2); g.lineTo(15.5, 15.2); g.stroke();
  },
  militia_unit(g) { // five-pointed star
    g.beginPath();
    for (let i = 0; i < 10; i++) {
      const r = i % 2 ? 2.7 : 6.5;
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      g.lineTo(12 + r * Math.cos(a), 12.6 + r * Math.sin(a));
    }
    g.closePath(); g.fill();
  },
  warehouse(g) { // depot: gable roof over a door
    g.beginPath(); g.moveTo(5.5, 11); g.lineTo(12, 6.5); g.lineTo(18.5, 11);
    g.lineTo(18.5, 17.5); g.lineTo(5.5, 17.5); g.closePath(); g.fill();
    g.save(); g.globalCompositeOperation = "destination-out";
    g.fillRect(9, 12.5, 6, 5); g.restore();
    g.fillRect(9, 13.6, 6, 1); g.fillRect(9, 15.6, 6, 1);
  },
  shelter(g) { // tent
    g.beginPath(); g.moveTo(12, 6); g.lineTo(18.5, 17.5); g.lineTo(5.5, 17.5); g.closePath(); g.fill();
    g.save(); g.globalCompositeOperation = "destination-out";
    g.beginPath(); g.moveTo(12, 11); g.lineTo(14.5, 17.6); g.lineTo(9.5, 17.6); g.closePath(); g.fill(); g.restore();
  },
};

/** A canvas with the icon for place `kind`, `px` CSS pixels wide at `ratio` device pixels each. */
export function drawPlaceIcon(kind, px = SIZE, ratio = window.devicePixelRatio || 1) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = Math.round(px * ratio);
  const g = canvas.getContext("2d");
  g.scale((px * ratio) / SIZE, (px * ratio) / SIZE);
  g.save();
  g.shadowColor = "rgba(10,35,66,0.35)";
  g.shadowBlur = 1.5;
  g.shadowOffsetY = 0.6;
  g.fillStyle = "#fff";
  backing(g, kind, 11);
  g.fill();
  g.restore();
  g.fillStyle = PLACE_COLORS[kind] || PLACE_DEFAULT_COLOR;
  backing(g, kind, 9.6);
  g.fill();
  // The pictogram goes on a layer of its own so its cut-outs show the disc, not the map.
  const glyph = document.createElement("canvas");
  glyph.width = glyph.height = canvas.width;
  const p = glyph.getContext("2d");
  p.scale((px * ratio) / SIZE, (px * ratio) / SIZE);
  p.fillStyle = p.strokeStyle = "#fff";
  p.lineWidth = 1.8;
  p.lineCap = p.lineJoin = "round";
  (GLYPHS[kind] || GLYPHS.facility)(p);
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.drawImage(glyph, 0, 0);
  return canvas;
}

/** Registers one image per kind with the map as `place-<kind>`. */
export function addPlaceIcons(map, kinds) {
  const ratio = Math.max(2, window.devicePixelRatio || 1);
  for (const kind of kinds) {
    const canvas = drawPlaceIcon(kind, SIZE, ratio);
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    if (!map.hasImage(`place-${kind}`)) map.addImage(`place-${kind}`, data, { pixelRatio: ratio });
  }
}
