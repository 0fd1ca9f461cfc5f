// npm run bench:wms: our WMS GetMap against MapServer 8 on the same PostGIS, in one run (issue #4, item 6).
// PNG maps of the same layers (ours styled by the catalogue, MapServer by a generated mapfile in a comparable
// style: bench/lib/wms-mapfile.ts) over random boxes at scales 1:500–1:10 000 in EPSG:2177, the same sequence
// for both peers, at each size and concurrency; rounds interleave the peers; medians are reported.
// Goals (issue 19): requests/s ours ÷ MapServer ≥ 1.2× for small maps (256², what tiled clients ask for) and ≥ 1.3×
// for large ones (1024×768); our p99 < 150 ms at concurrency 8 for small maps (on 2 cores a large map cannot hold it).
// Run by hand. See bench/README.md.
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BenchDb, benchLayer } from './lib/dataset.ts';
import { mulberry32, runLoad, type LoadStats, type PeerName } from './lib/load.ts';
import { ensureTools, mapserverVersion, nginxVersion, startMapServer, type MapServerPeer } from './lib/mapserver.ts';
import { optionReader } from './lib/cli.ts';
import { startOurServer, type OurServer } from './lib/ours.ts';
import { ourProcesses, runBench, keepTempDirs, makeTempDir } from './lib/processes.ts';
import { fmt, median, table } from './lib/report.ts';
import { mapserverLayerName, wmsMapfile } from './lib/wms-mapfile.ts';

/** Ours ÷ MapServer, by map size: small (≤ 256² pixels) and large. */
const SMALL_PIXELS = 256 * 256;
const ratioGoal = (size: Size): number => (size.w * size.h <= SMALL_PIXELS ? 1.2 : 1.3);
const P99_GOAL_MS = 150;
const P99_GOAL_CONCURRENCY = 8;
const STANDARD_PIXEL_M = 0.00028;
/** Boxes per sequence; the load cycles through them (far more than a measurement uses at these rates). */
const SEQUENCE = 20_000;

const USAGE = `Usage: DATABASE_URL=postgres://… npm run bench:wms -- [options]

Compares this service's WMS GetMap (PNG) with MapServer 8 (FastCGI behind nginx) on the same PostGIS.

Options (or BENCH_<NAME>, e.g. BENCH_DURATION=10):
  --duration=S          seconds per measurement (one peer, one case, one round)   [10]
  --rounds=N            interleaved rounds; medians are reported                  [3]
  --warmup=S            warm-up seconds per peer and size before round 1          [3]
  --sizes=LIST          image sizes WxH                                           [256x256,1024x768]
  --concurrency=LIST    client connections                                        [1,4,8]
  --layers=LIST         our layer names (MapServer: the same tables, same order)  [egib:dzialki,egib:budynki,gesut:przewody]
  --min-scale=N         smallest scale denominator of the random boxes            [500]
  --max-scale=N         largest scale denominator                                 [10000]
  --mapserver-workers=N MapServer FastCGI processes                               [cores: ${os.availableParallelism()}]
  --seed=N              seed of the box sequence                                  [1]
  --no-install          do not run bench/setup-debian.sh when MapServer/nginx is missing
  --keep-temp           keep the temp dir (mapfile, sample PNGs of both peers, logs)
  --json=FILE           write the raw results as JSON
  --strict              exit with status 3 when a goal is missed
  --force               time even when a sample answer is not a PNG of the asked size
`;

type Box = [number, number, number, number];
interface Size { w: number; h: number; label: string }
interface Measurement { round: number; size: string; connections: number; peer: PeerName; stats: LoadStats }

const log = (s = '') => process.stdout.write(s + '\n');

/** Random boxes of the size's aspect at log-uniform scales in [min, max], centred uniformly in the extent. */
function boxSequence(seed: number, extent: Box, size: Size, minScale: number, maxScale: number): Box[] {
  const random = mulberry32(seed);
  const boxes: Box[] = [];
  for (let i = 0; i < SEQUENCE; i++) {
    const scale = Math.exp(Math.log(minScale) + random() * (Math.log(maxScale) - Math.log(minScale)));
    const w = scale * STANDARD_PIXEL_M * size.w;
    const h = scale * STANDARD_PIXEL_M * size.h;
    const cx = extent[0] + w / 2 + random() * Math.max(0, extent[2] - extent[0] - w);
    const cy = extent[1] + h / 2 + random() * Math.max(0, extent[3] - extent[1] - h);
    boxes.push([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]);
  }
  return boxes;
}

/** WMS 1.1.1 (SRS=EPSG:2177, BBOX x/y) for both peers: no axis-order question. */
function getMapUrl(base: string, layers: string, box: Box, size: Size): string {
  const kvp: [string, string][] = [
    ['SERVICE', 'WMS'], ['VERSION', '1.1.1'], ['REQUEST', 'GetMap'], ['LAYERS', layers], ['STYLES', ''], ['SRS', 'EPSG:2177'],
    ['BBOX', box.map((v) => v.toFixed(2)).join(',')], ['WIDTH', String(size.w)], ['HEIGHT', String(size.h)], ['FORMAT', 'image/png'], ['TRANSPARENT', 'FALSE'],
  ];
  return base + kvp.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

async function samplePng(url: string, file: string): Promise<{ ok: boolean; message: string; bytes: number }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  const body = Buffer.from(await res.arrayBuffer());
  writeFileSync(file, body);
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !type.startsWith('image/png') || body.readUInt32BE(0) !== 0x89504e47) {
    return { ok: false, message: `HTTP ${res.status} ${type}: ${body.subarray(0, 300).toString('utf8')}`, bytes: body.length };
  }
  return { ok: true, message: `${body.readUInt32BE(16)}×${body.readUInt32BE(20)} PNG`, bytes: body.length };
}

async function main(argv: string[]): Promise<number> {
  const o = optionReader(argv, process.env, ['duration', 'rounds', 'warmup', 'sizes', 'concurrency', 'layers', 'min-scale', 'max-scale', 'mapserver-workers',
    'seed', 'no-install', 'keep-temp', 'json', 'strict', 'force'], USAGE);
  if (o.help) { process.stdout.write(USAGE); return 0; }
  const databaseUrl = o.flags.get('database-url') ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error(`DATABASE_URL is required\n\n${USAGE}`);
  const duration = o.num('duration', 10, 1);
  const rounds = Math.round(o.num('rounds', 3, 1));
  const warmup = o.num('warmup', 3, 0);
  const concurrency = o.ints('concurrency', '1,4,8');
  const sizes: Size[] = o.list('sizes', '256x256,1024x768').map((s) => {
    const m = /^(\d+)x(\d+)$/.exec(s);
    if (!m) throw new Error(`--sizes: expected WxH, got "${s}"`);
    return { w: Number(m[1]), h: Number(m[2]), label: s };
  });
  const minScale = o.num('min-scale', 500, 1);
  const maxScale = o.num('max-scale', 10_000, minScale);
  const workers = Math.round(o.num('mapserver-workers', os.availableParallelism(), 1));
  const seed = Math.round(o.num('seed', 1, 0));
  const layers = o.list('layers', 'egib:dzialki,egib:budynki,gesut:przewody').map((n) => benchLayer(n));
  const started = Date.now();

  const db = new BenchDb(databaseUrl);
  let facts, extent: Box | undefined;
  const counts: number[] = [];
  try {
    facts = await db.facts();
    for (const l of layers) {
      counts.push(await db.count(l.spec));
      const e = await db.extent(l.spec);
      if (e) extent = extent ? [Math.min(extent[0], e[0]), Math.min(extent[1], e[1]), Math.max(extent[2], e[2]), Math.max(extent[3], e[3])] : e;
    }
  } finally {
    await db.close();
  }
  if (!extent) throw new Error('the layers are empty: load a data set first (see bench/README.md)');
  const tools = ensureTools(!o.bool('no-install'));
  const cases = sizes.flatMap((size) => concurrency.map((connections) => ({ size, connections })));

  log('WMS benchmark: SIP Poznań vs MapServer');
  log(`  machine     ${os.cpus()[0]?.model ?? '?'} × ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  log(`  database    PostgreSQL ${facts.server}, PostGIS ${facts.postgis} (${new URL(databaseUrl).host}${new URL(databaseUrl).pathname})`);
  log(`  settings    ${Object.entries(facts.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  log(`  data        ${layers.map((l, i) => `${l.typeName} ${counts[i]!.toLocaleString('en')}`).join(', ')}; extent ${extent.map((v) => v.toFixed(0)).join(', ')}`);
  log(`  MapServer   ${mapserverVersion(tools)}, ${workers} FastCGI worker(s) (spawn-fcgi) behind nginx ${nginxVersion(tools)}; AGG/PNG, DejaVu Sans`);
  log(`  ours        ${ourProcesses()}, TILE_CACHE_MB=0 (no response cache)`);
  log(`  plan        ${cases.length} cases × 2 peers × ${rounds} rounds × ${duration} s; GetMap 1.1.1 PNG, random boxes 1:${minScale}–1:${maxScale} (log-uniform), seed ${seed}`);
  log(`  expected    about ${Math.ceil((cases.length * 2 * rounds * (duration + 0.5) + sizes.length * 2 * warmup + 20) / 60)} min`);
  log();

  const dir = makeTempDir('sip-bench-wms-');
  if (o.bool('keep-temp')) keepTempDirs();
  const measurements: Measurement[] = [];
  let ours: OurServer | undefined;
  let ms: MapServerPeer | undefined;
  try {
    log('starting our server and MapServer …');
    ours = await startOurServer({ dir, databaseUrl, label: 'wms', env: { TILE_CACHE_MB: '0' } });
    const specs = layers.map((l) => l.spec);
    ms = await startMapServer({
      tools, dir, databaseUrl, workers, mapText: (ctx) => wmsMapfile(ctx, specs, extent!), probe: 'SERVICE=WMS&REQUEST=GetCapabilities&VERSION=1.1.1',
    });
    const peers = [
      { name: 'ours' as PeerName, base: ours.base, layers: layers.map((l) => l.typeName).join(',') },
      { name: 'MapServer' as PeerName, base: ms.base, layers: specs.map(mapserverLayerName).join(',') },
    ];
    log(`  ours      ${ours.base.replace(/\?$/, '')}  (pid ${ours.pid})`);
    log(`  MapServer ${ms.base.replace(/\?.*$/, '')}  (mapserv pids ${ms.workers.join(', ')})`);
    log();

    log('checking that both peers draw a PNG of the asked size:');
    for (const size of sizes) {
      for (const [i, box] of boxSequence(seed, extent, size, minScale, maxScale).slice(0, 3).entries()) {
        const results = await Promise.all(peers.map((p) => samplePng(getMapUrl(p.base, p.layers, box, size), path.join(dir, `sample-${size.label}-${i}-${p.name}.png`))));
        const scale = (box[2] - box[0]) / size.w / STANDARD_PIXEL_M;
        log(`  ${size.label.padEnd(9)} 1:${fmt(scale, 0).padEnd(6)} ours ${results[0]!.message.slice(0, 200)} ${fmt(results[0]!.bytes / 1024, 0)} KiB; MapServer ${results[1]!.message.slice(0, 200)} ${fmt(results[1]!.bytes / 1024, 0)} KiB`);
        if (!results.every((r) => r.ok) && !o.bool('force')) throw new Error(`a peer did not answer a PNG (use --force to time anyway)\n${ms.logs()}`);
      }
    }
    log();

    const load = (p: (typeof peers)[number], size: Size, s: number, connections: number, seconds: number) => {
      const boxes = boxSequence(s, extent!, size, minScale, maxScale);
      let i = 0;
      return runLoad({ urlFor: (k) => getMapUrl(p.base, p.layers, boxes[k % boxes.length]!, size), next: () => i++, connections, seconds });
    };
    if (warmup > 0) {
      log(`warming up (${warmup} s per peer and size) …`);
      for (const size of sizes) for (const p of peers) await load(p, size, seed + 1_000_003, Math.max(...concurrency), warmup);
      log();
    }
    for (let round = 0; round < rounds; round++) {
      log(`round ${round + 1}/${rounds}`);
      for (const { size, connections } of cases) {
        for (const p of round % 2 === 0 ? peers : [...peers].reverse()) {
          const stats = await load(p, size, seed + round, connections, duration); // the same boxes for both peers
          measurements.push({ round, size: size.label, connections, peer: p.name, stats });
          const bad = stats.non2xx + stats.errors + stats.timeouts;
          log(`  ${size.label.padEnd(9)} c=${String(connections).padEnd(2)} ${p.name.padEnd(9)} ${fmt(stats.rps, 1).padStart(7)} req/s  ${String(stats.ok).padStart(5)} maps  p50 ${fmt(stats.p50, 0).padStart(5)} ms  p99 ${fmt(stats.p99, 0).padStart(5)} ms`
            + (bad ? `  !! ${stats.non2xx} non-2xx, ${stats.errors} errors, ${stats.timeouts} timeouts` : ''));
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
    if (measurements.some((m) => m.stats.non2xx + m.stats.errors > 0)) log(`\n${ms.logs()}`);
  } finally {
    await ms?.stop();
    await ours?.stop();
  }

  const summaries = cases.map(({ size, connections }) => {
    const of = (peer: PeerName) => measurements.filter((m) => m.size === size.label && m.connections === connections && m.peer === peer);
    const agg = (list: Measurement[]) => ({
      rps: median(list.map((m) => m.stats.rps)), p50: median(list.map((m) => m.stats.p50)), p99: median(list.map((m) => m.stats.p99)), maps: median(list.map((m) => m.stats.ok)),
    });
    const a = of('ours');
    const b = of('MapServer');
    const ratios = a.map((m) => { const t = b.find((x) => x.round === m.round); return t && t.stats.rps > 0 ? m.stats.rps / t.stats.rps : NaN; });
    const failures = [...a, ...b].reduce((n, m) => n + m.stats.non2xx + m.stats.errors + m.stats.timeouts, 0);
    const ours = agg(a);
    const ratio = median(ratios);
    const p99Goal = connections === P99_GOAL_CONCURRENCY && size.w * size.h <= SMALL_PIXELS;
    const goal = ratioGoal(size);
    return { size: size.label, connections, ours, mapserver: agg(b), ratio, ratios, failures, goal, ratioPass: ratio >= goal, p99Goal, p99Pass: !p99Goal || ours.p99 < P99_GOAL_MS };
  });

  log();
  log('='.repeat(110));
  log(`GetMap ${layers.map((l) => l.typeName).join(',')} PNG, random boxes 1:${minScale}–1:${maxScale}; medians of ${rounds} rounds × ${duration} s per peer and case`);
  log(`(MapServer: ${workers} FastCGI workers behind nginx; ours: ${ourProcesses()}, no response cache; ratio = median of the per-round ratios)`);
  log();
  log(table(
    ['size', 'c', 'ours req/s', 'MapServer req/s', 'ratio', 'ours p50/p99 ms', 'MapServer p50/p99 ms', 'maps', 'ratio goal', `p99 < ${P99_GOAL_MS} ms (256², c=${P99_GOAL_CONCURRENCY})`],
    summaries.map((s) => [
      s.size, String(s.connections), fmt(s.ours.rps, 1), fmt(s.mapserver.rps, 1), `${fmt(s.ratio, 2)}×`,
      `${fmt(s.ours.p50, 0)} / ${fmt(s.ours.p99, 0)}`, `${fmt(s.mapserver.p50, 0)} / ${fmt(s.mapserver.p99, 0)}`, `${s.ours.maps}/${s.mapserver.maps}`,
      s.failures ? 'INVALID (errors)' : `≥ ${s.goal}× ${s.ratioPass ? 'PASS' : 'FAIL'}`, s.p99Goal ? (s.p99Pass ? 'PASS' : 'FAIL') : '',
    ]),
    1,
  ));
  log(`per-round ratios: ${summaries.map((s) => `${s.size} c=${s.connections}: ${s.ratios.map((r) => fmt(r, 2)).join(' ')}`).join('; ')}`);
  const verdicts = summaries.flatMap((s) => [s.ratioPass && !s.failures, ...(s.p99Goal ? [s.p99Pass && !s.failures] : [])]);
  const allPass = verdicts.length > 0 && verdicts.every(Boolean);
  log(`goals: ${allPass ? 'ALL MET' : `${verdicts.filter(Boolean).length} of ${verdicts.length} met`} (took ${fmt((Date.now() - started) / 60_000)} min)`);
  if (o.bool('keep-temp')) log(`temp dir kept: ${dir}`);
  const json = o.optional('json');
  if (json) {
    writeFileSync(json, JSON.stringify({ date: new Date().toISOString(), database: facts, layers: layers.map((l) => l.typeName), counts, extent, sizes, concurrency, rounds, duration, minScale, maxScale, seed, workers, summaries, measurements }, null, 2));
    log(`raw results: ${json}`);
  }
  return o.bool('strict') && !allPass ? 3 : 0;
}

await runBench('bench:wms', () => main(process.argv.slice(2)));
