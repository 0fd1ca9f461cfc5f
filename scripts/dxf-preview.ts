// A headless preview of a DXF as a CAD user sees it, for the documentation's screenshot: GDAL reads the file (UTF-8)
// (ogr2ogr: every entity with its layer, text and OGR style — the pen colour GDAL derives from the AutoCAD Color
// Index, the label's text, angle and height), and Skia draws a window of it on a white sheet. ACI 7 (white in GDAL's
// palette) is drawn black, as CAD draws it on a white background. Nothing here is part of the service.
//
//   npx tsx scripts/dxf-preview.ts file.dxf out.png minx,miny,maxx,maxy [widthPx]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { createRequire } from 'node:module';
import path from 'node:path';

const [file, out, boxText, widthText] = process.argv.slice(2);
if (!file || !out || !boxText) throw new Error('usage: dxf-preview.ts file.dxf out.png minx,miny,maxx,maxy [widthPx]');
const [minx, miny, maxx, maxy] = boxText.split(',').map(Number) as [number, number, number, number];
const width = Number(widthText ?? 1400);
const scale = width / (maxx - minx);
const height = Math.round((maxy - miny) * scale);

const json = execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file, '-spat', String(minx), String(miny), String(maxx), String(maxy),
  '-sql', 'SELECT Layer, Text, OGR_STYLE AS style FROM entities', '--config', 'DXF_ENCODING', 'UTF-8'], { maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
type Geom = { type: string; coordinates: number[] | number[][] | number[][][] };
const rows = (JSON.parse(json) as { features: { geometry: Geom | null; properties: { Layer: string; Text?: string | null; style?: string | null } }[] }).features
  .filter((f) => f.geometry).map((f) => ({ geometry: f.geometry!, Layer: f.properties.Layer, Text: f.properties.Text ?? '', OGR_STYLE: f.properties.style ?? '' }));

const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
GlobalFonts.registerFromPath(path.join(fontDir, 'DejaVuSans.ttf'), 'DejaVu Sans');
const canvas = createCanvas(width, height);
const g = canvas.getContext('2d');
g.fillStyle = '#ffffff';
g.fillRect(0, 0, width, height);
const px = (x: number, y: number): [number, number] => [(x - minx) * scale, (maxy - y) * scale];
const colourOf = (style: string) => {
  const c = /c:(#[0-9a-fA-F]{6})/.exec(style)?.[1]?.toLowerCase() ?? '#000000';
  return c === '#ffffff' ? '#000000' : c;
};

// Lines first, texts on top.
for (const r of rows) {
  const g0 = r.geometry;
  const lines = g0.type === 'LineString' ? [g0.coordinates as number[][]] : g0.type === 'Polygon' ? (g0.coordinates as number[][][]) : [];
  if (!lines.length) continue;
  g.strokeStyle = colourOf(r.OGR_STYLE);
  g.lineWidth = r.Layer.startsWith('GESUT') ? 1.6 : 0.8;
  g.setLineDash(/_PROJ$/.test(r.Layer) ? [8, 4] : /DOTTED|p:3/i.test(r.OGR_STYLE) ? [1.5, 3] : []);
  for (const line of lines) {
    g.beginPath();
    line.forEach(([x, y], i) => { const [a, b] = px(x!, y!); if (i) g.lineTo(a, b); else g.moveTo(a, b); });
    g.stroke();
  }
}
g.setLineDash([]);
for (const r of rows) {
  if (r.geometry.type !== 'Point') continue;
  const c = r.geometry.coordinates as number[];
  const [x, y] = px(c[0]!, c[1]!);
  if (!r.Text) { g.fillStyle = colourOf(r.OGR_STYLE); g.beginPath(); g.arc(x, y, 1.5, 0, 2 * Math.PI); g.fill(); continue; }
  const size = Number(/s:([\d.]+)g/.exec(r.OGR_STYLE)?.[1] ?? 1) * scale;
  const angle = Number(/a:(-?[\d.]+)/.exec(r.OGR_STYLE)?.[1] ?? 0);
  g.save();
  g.translate(x, y);
  g.rotate((-angle * Math.PI) / 180);
  g.font = `${Math.max(6, size).toFixed(1)}px "DejaVu Sans"`;
  g.fillStyle = colourOf(r.OGR_STYLE);
  // TEXT alignment as written: centred; middle for parcel and building texts, on the line's side for networks.
  g.textAlign = 'center';
  g.textBaseline = r.Layer.startsWith('GESUT') ? 'bottom' : 'middle';
  g.fillText(r.Text, 0, 0);
  g.restore();
}
g.fillStyle = '#000000';
g.font = '13px "DejaVu Sans"';
g.fillText(`${path.basename(file)} — read by GDAL (ogr2ogr), window ${boxText} (EPSG:2177), ${rows.length} entities`, 8, height - 8);
writeFileSync(out, canvas.toBuffer('image/png'));
console.log(`${out}: ${width}×${height}, ${rows.length} entities`);
