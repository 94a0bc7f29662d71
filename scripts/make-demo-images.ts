// Draws the demo content's images (demo/media/): original, small, made here, nothing downloaded.
// Run: npx tsx scripts/make-demo-images.ts
import { writeFileSync } from 'node:fs';
import { mix, png } from './png.js';

// A harbour at dawn: sky from orange to blue, a low sun, cranes and the quay in silhouette.
const harbour = png(480, 300, (x, y) => {
  const sky = mix([244, 162, 89], [29, 53, 87], y / 300);
  const sun = (x - 340) ** 2 + (y - 120) ** 2 < 30 ** 2;
  const horizon = 215 + Math.round(8 * Math.sin(x / 37));
  const crane =
    (x > 90 && x < 96 && y > 120) ||
    (y > 118 && y < 124 && x > 60 && x < 170) ||
    (x > 200 && x < 205 && y > 140) ||
    (y > 138 && y < 143 && x > 180 && x < 260);
  if (y > horizon) return mix([11, 19, 43], [28, 40, 70], Math.abs(Math.sin((x + y * 3) / 11)) * 0.4);
  if (crane) return [11, 19, 43];
  return sun ? [255, 209, 102] : sky;
});
writeFileSync(new URL('../demo/media/harbour-at-dawn.png', import.meta.url), harbour);
