import { readFileSync } from 'node:fs';
import { Catalog } from '../server/catalog/catalog.ts';
import { PostgresDatabase } from '../server/db/postgres.ts';
import { Kvp } from '../server/services/ows/params.ts';
import { planMap } from '../server/services/wms/get-map.ts';
import { buildTree } from '../server/services/wms/layer-tree.ts';
import { fetchMapScene, drawScene, createMapCanvas } from '../server/render/render-map.ts';
import { drawGroups } from '../server/render/draw.ts';
import { placeAndDrawLabels } from '../server/render/labels.ts';
import { encodePng } from '../server/render/png.ts';
const db = new PostgresDatabase({ connectionString: 'postgres://postgres@127.0.0.1:3172/sip_bench', poolSize: 4, statementTimeoutMs: 60000 });
const catalog = await Catalog.load(db);
const tree = buildTree(catalog.visibleLayers('anonim'));
const urls = readFileSync('/tmp/prof/urls.txt', 'utf8').trim().split('\n');
const scenes = [];
for (const u of urls) { const plan = planMap(Kvp.fromUrl(u), '1.1.1', catalog, tree, 'anonim', 4096); scenes.push((await fetchMapScene(db, plan.request)).scene); }
await db.close();
function t(name: string, f: (s: any) => void, rounds = 10) {
  for (const s of scenes) f(s);
  const c0 = process.cpuUsage(); let n = 0;
  for (let r = 0; r < rounds; r++) for (const s of scenes) { f(s); n++; }
  const c = process.cpuUsage(c0); console.log(name.padEnd(30), ((c.user + c.system) / 1000 / n).toFixed(2), 'ms cpu/map');
}
t('draw+data (now)', (s) => { drawScene(s).canvas.data(); });
t('draw+data+png', (s) => { const c = drawScene(s).canvas; encodePng(c.data(), c.width, c.height, false); });
t('layers only +data', (s) => { const c = createMapCanvas(s); const g = c.getContext('2d'); for (const l of s.layers) drawGroups(g, l.kind, l.groups, s.k, s.widthFactor); c.data(); });
t('labels only +data', (s) => { const c = createMapCanvas(s); const g = c.getContext('2d'); placeAndDrawLabels(g, s.labels, s.width, s.height, s.labelK); c.data(); });
t('empty canvas +data', (s) => { createMapCanvas(s).data(); });
for (const kind of ['polygon', 'line']) t(`only ${kind} +data`, (s) => { const c = createMapCanvas(s); const g = c.getContext('2d'); for (const l of s.layers) if (l.kind === kind) drawGroups(g, l.kind, l.groups, s.k, s.widthFactor); c.data(); });
console.log('labels per scene', (scenes.reduce((a, s) => a + s.labels.length, 0) / scenes.length).toFixed(1), 'path chars', Math.round(scenes.reduce((a, s) => a + s.layers.reduce((b, l) => b + l.groups.reduce((c2, g) => c2 + g.path.length, 0), 0), 0) / scenes.length));
