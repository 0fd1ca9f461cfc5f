// npm run bench:soak — a long mixed load on the real server (WORKERS worker processes, default 1): WMS GetMap and
// GetFeatureInfo, WFS GetFeature, OGC API items with CQL2, vector tiles, search and small extract downloads, some
// anonymous and some with an entitled API key, at a fixed concurrency (default 16) for a fixed time (default 30 min).
// Reports errors (5xx, network failures, and 4xx, which none of these requests should get), latency percentiles
// per kind, and the resident memory of every server process: RSS per minute, the warm level (the mean of the minute
// after the warm-up, default 5 min), the growth of the last loaded minute over it (goal < 10 %), and the level
// `--cooldown` minutes (default 2) after the load stops, the server idle (goal: at most 20 % above the warm level;
// going back below it is what the goal asks for, not a miss).
// Exits 1 on any error or when a memory goal is missed.
//
//   npm run bench:soak                         # 30 min, a throwaway PostgreSQL cluster with the sample data
//   npm run bench:soak -- --minutes 2 --warmup 0.5 --cooldown 0.5    # a smoke run
//   DATABASE_URL=… npm run bench:soak -- --minutes 30 --concurrency 16 --workers 1
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { freePort, makeTempDir, runBench, spawnChild, stopChild, waitForHttp } from './lib/processes.ts';
import { mulberry32 } from './lib/load.ts';
import { readMemory } from './lib/rss.ts';
import { ourServerArgs, ROOT } from './lib/ours.ts';
import { createCluster } from '../test/support/pg-cluster.ts';
import { PostgresDatabase } from '../server/db/postgres.ts';
import { migrate } from '../server/db/migrate.ts';
import { loadDataSetIfEmpty } from '../server/db/sample-data.ts';
import { MIGRATIONS_DIR } from '../server/db/index.ts';
import { createUser } from '../server/accounts/users.ts';
import { createApiKey } from '../server/accounts/api-keys.ts';
import { transform } from '../server/crs/definitions.ts';

const { values: opt } = parseArgs({ options: {
  /** The load's duration: --minutes (default 30) or --seconds (wins when given). */
  minutes: { type: 'string', default: process.env.BENCH_MINUTES ?? '30' },
  seconds: { type: 'string', default: process.env.BENCH_SECONDS },
  warmup: { type: 'string', default: '5' },
  cooldown: { type: 'string', default: '2' },
  concurrency: { type: 'string', default: process.env.BENCH_CONCURRENCY ?? '16' },
  workers: { type: 'string', default: process.env.WORKERS ?? '1' },
  'sample-every': { type: 'string', default: '5' },
} });

interface Kind { name: string; weight: number; make: (rnd: () => number) => string }

function kinds(extent: [number, number, number, number], key: string): Kind[] {
  const [x0, y0, x1, y1] = extent;
  const at = (rnd: () => number, size: number): [number, number] => [x0 + rnd() * Math.max(1, x1 - x0 - size), y0 + rnd() * Math.max(1, y1 - y0 - size)];
  const lonlat = (x: number, y: number) => transform('EPSG:2177', 'EPSG:4326', [x, y]);
  const tile = (rnd: () => number) => {
    const [x, y] = at(rnd, 0);
    const [lon, lat] = lonlat(x, y);
    const z = 14 + Math.floor(rnd() * 5);
    const n = 2 ** z;
    const rad = (lat * Math.PI) / 180;
    const tx = Math.floor(((lon + 180) / 360) * n);
    const ty = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
    return `/tiles/${['egib', 'gesut', 'sip'][Math.floor(rnd() * 3)]}/${z}/${tx}/${ty}.mvt`;
  };
  const withKey = (rnd: () => number, url: string) => (rnd() < 0.3 ? `${url}${url.includes('?') ? '&' : '?'}apikey=${key}` : url);
  return [
    { name: 'WMS GetMap', weight: 30, make: (r) => {
      const size = [256, 512, 1024][Math.floor(r() * 3)]!;
      const scale = [500, 1000, 2000, 5000][Math.floor(r() * 4)]!;
      const span = size * 0.00028 * scale;
      const [x, y] = at(r, span);
      return withKey(r, `/wms?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetMap&LAYERS=egib:dzialki,egib:budynki,gesut:przewody,sip:drzewa&STYLES=&SRS=EPSG:2177&BBOX=${x},${y},${x + span},${y + span}&WIDTH=${size}&HEIGHT=${size}&FORMAT=image/png`);
    } },
    { name: 'WMS GetFeatureInfo', weight: 5, make: (r) => {
      const [x, y] = at(r, 50);
      return withKey(r, `/wms?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetFeatureInfo&LAYERS=egib:dzialki&QUERY_LAYERS=egib:dzialki&STYLES=&SRS=EPSG:2177&BBOX=${x},${y},${x + 50},${y + 50}&WIDTH=101&HEIGHT=101&X=50&Y=50&INFO_FORMAT=application/json`);
    } },
    { name: 'WFS GetFeature', weight: 20, make: (r) => {
      const [x, y] = at(r, 300);
      const layer = ['egib:dzialki', 'egib:budynki', 'gesut:przewody'][Math.floor(r() * 3)];
      return withKey(r, `/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=${layer}&COUNT=200&OUTPUTFORMAT=application/json&SRSNAME=EPSG:2177&BBOX=${y},${x},${y + 300},${x + 300},urn:ogc:def:crs:EPSG::2177`);
    } },
    { name: 'OGC API items', weight: 10, make: (r) => withKey(r, `/ogcapi/collections/przewody/items?limit=100&offset=${Math.floor(r() * 500)}&filter=${encodeURIComponent(`srednica >= ${Math.floor(r() * 400)}`)}`) },
    { name: 'vector tile', weight: 25, make: (r) => withKey(r, tile(r)) },
    { name: 'search', weight: 5, make: (r) => `/api/search?q=${encodeURIComponent(['Garbary', 'Wroniecka', '306401_1.0001', 'Święty', 'Stary Rynek'][Math.floor(r() * 5)]!)}` },
    { name: 'extract download', weight: 5, make: (r) => {
      const [x, y] = at(r, 150);
      return withKey(r, `/api/extract?layers=egib:budynki&format=${['geojson', 'csv', 'gpkg'][Math.floor(r() * 3)]}&bbox=${x},${y},${x + 150},${y + 150}`);
    } },
  ];
}

/** The server's worker processes (Node cluster): its children running the server (build/main.js or server/main.ts), not tsx's esbuild helper. */
function children(pid: number): number[] {
  let all: number[];
  try { all = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number); } catch { return []; }
  return all.filter((c) => { try { return /main\.(ts|js)/.test(readFileSync(`/proc/${c}/cmdline`, 'utf8')); } catch { return false; } });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<number> {
  const seconds = opt.seconds !== undefined ? Number(opt.seconds) : Number(opt.minutes) * 60;
  const warmupS = Number(opt.warmup) * 60;
  const cooldownS = Number(opt.cooldown) * 60;
  if (!(seconds > 0) || !(warmupS >= 0) || !(cooldownS >= 0) || warmupS >= seconds) throw new Error('--minutes/--seconds must be > 0 and longer than --warmup; --cooldown ≥ 0');
  const concurrency = Number(opt.concurrency);
  const workers = opt.workers!;
  const dir = makeTempDir('sip-soak-');
  let databaseUrl = process.env.DATABASE_URL;
  let destroyCluster: (() => void) | undefined;
  if (!databaseUrl) {
    console.log('soak: no DATABASE_URL: a throwaway PostgreSQL cluster with the sample data');
    const cluster = await createCluster();
    destroyCluster = () => cluster.destroy();
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE sip_soak');
    await admin.end();
    databaseUrl = cluster.url('sip_soak');
  }
  try {
    const db = new PostgresDatabase({ connectionString: databaseUrl, poolSize: 2, statementTimeoutMs: 600_000 });
    let key: string;
    let extent: [number, number, number, number];
    try {
      await migrate(db, MIGRATIONS_DIR);
      await loadDataSetIfEmpty(db, path.join(ROOT, 'data', 'sample'));
      const login = `soak_${Date.now().toString(36)}`;
      const user = await createUser(db, login, `${login}@example.pl`, 'Soak-Haslo-2026!', 'geodeta');
      key = (await createApiKey(db, user.id, 'soak')).key;
      const [e] = await db.query<{ x0: number; y0: number; x1: number; y1: number }>(
        `SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 FROM (SELECT ST_Extent(geom) e FROM egib.dzialki) s`);
      extent = [e!.x0, e!.y0, e!.x1, e!.y1];
    } finally {
      await db.close();
    }

    const port = await freePort();
    const server = spawnChild('our server', process.execPath, ourServerArgs(), {
      cwd: ROOT, logFile: path.join(dir, 'server.log'),
      env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOAD_SAMPLE_DATA: 'false', LOG_LEVEL: 'warn', WORKERS: workers,
        // Sixteen clients from one address: the per-client download cap (DOWNLOADS_PER_CLIENT, default 3) is for real clients.
        DOWNLOADS_PER_CLIENT: process.env.DOWNLOADS_PER_CLIENT ?? '64',
        // The mix downloads GESUT anonymously (OGC API items of przewody): the sample data are not charged materials.
        DOWNLOAD_TERMS: process.env.DOWNLOAD_TERMS ?? 'open' },
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health`, server, 180_000);
    await new Promise((r) => setTimeout(r, 2_000)); // every worker listening
    const pids = () => [server.pid, ...children(server.pid)];
    console.log(`soak: ${seconds} s at concurrency ${concurrency} against ${base} (primary ${server.pid}, workers ${children(server.pid).join(', ')}); mix:`);
    const mix = kinds(extent, key);
    const totalWeight = mix.reduce((a, k) => a + k.weight, 0);
    console.log('  ' + mix.map((k) => `${k.name} ${Math.round((100 * k.weight) / totalWeight)}%`).join(', '));

    const stats = new Map<string, { ok: number; clientErrors: number; serverErrors: number; failures: number; ms: number[]; bytes: number }>();
    for (const k of mix) stats.set(k.name, { ok: 0, clientErrors: 0, serverErrors: 0, failures: 0, ms: [], bytes: 0 });
    const errorSamples: string[] = [];
    const memory: { t: number; rss: Record<number, number> }[] = [];
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const sample = () => {
      const rss: Record<number, number> = {};
      for (const pid of pids()) { const m = readMemory(pid); if (m && Number.isFinite(m.rssKb)) rss[pid] = Math.round(m.rssKb / 1024); }
      memory.push({ t: Math.round((performance.now() - started) / 1000), rss });
    };
    sample();
    const sampler = setInterval(sample, Number(opt['sample-every']) * 1000);

    async function loop(seed: number): Promise<void> {
      const rnd = mulberry32(seed);
      while (performance.now() < deadline) {
        let pick = rnd() * totalWeight;
        const kind = mix.find((k) => (pick -= k.weight) < 0) ?? mix[0]!;
        const url = kind.make(rnd);
        const s = stats.get(kind.name)!;
        const t0 = performance.now();
        try {
          const res = await fetch(base + url, { signal: AbortSignal.timeout(120_000) });
          const body = await res.arrayBuffer();
          s.ms.push(performance.now() - t0);
          s.bytes += body.byteLength;
          if (res.status >= 500) { s.serverErrors++; if (errorSamples.length < 20) errorSamples.push(`${res.status} ${url}`); }
          else if (res.status >= 400) { s.clientErrors++; if (errorSamples.length < 20) errorSamples.push(`${res.status} ${url} ${Buffer.from(body).toString('utf8', 0, 200)}`); }
          else s.ok++;
        } catch (err) {
          s.failures++;
          if (errorSamples.length < 20) errorSamples.push(`${(err as Error).message} ${url}`);
        }
      }
    }
    const progress = setInterval(() => {
      const done = [...stats.values()].reduce((a, s) => a + s.ok + s.clientErrors + s.serverErrors + s.failures, 0);
      const last = memory[memory.length - 1]!;
      console.log(`  t=${Math.round((performance.now() - started) / 1000)} s: ${done} requests; RSS MB ${JSON.stringify(last.rss)}`);
    }, 60_000);
    await Promise.all(Array.from({ length: concurrency }, (_, i) => loop(1000 + i)));
    const loadEnd = Math.round((performance.now() - started) / 1000);
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(progress);
    // The server idle after the load: does its memory go back down?
    if (cooldownS > 0) {
      console.log(`  load stopped at t=${loadEnd} s; sampling the idle server for ${cooldownS} s`);
      await new Promise((r) => setTimeout(r, cooldownS * 1000));
    }
    clearInterval(sampler);
    sample();
    const alive = server.hasExited() ? 'EXITED' : 'running';
    // With WORKERS > 1 the primary only supervises: its memory is reported, not judged.
    const clustered = children(server.pid).length > 0;
    await stopChild(server, 15_000);

    // ---- report
    let total = 0; let errors = 0;
    console.log(`\nsoak results: ${elapsed.toFixed(0)} s, concurrency ${concurrency}, WORKERS=${workers}, server ${alive} at the end`);
    console.log('kind                  requests      ok    4xx    5xx  fail    p50 ms   p95 ms   p99 ms     MB sent');
    for (const [name, s] of stats) {
      const n = s.ok + s.clientErrors + s.serverErrors + s.failures;
      total += n; errors += s.clientErrors + s.serverErrors + s.failures;
      const sorted = [...s.ms].sort((a, b) => a - b);
      console.log(`${name.padEnd(20)} ${String(n).padStart(9)} ${String(s.ok).padStart(7)} ${String(s.clientErrors).padStart(6)} ${String(s.serverErrors).padStart(6)} ${String(s.failures).padStart(5)} ${percentile(sorted, 50).toFixed(0).padStart(9)} ${percentile(sorted, 95).toFixed(0).padStart(8)} ${percentile(sorted, 99).toFixed(0).padStart(8)} ${(s.bytes / 1e6).toFixed(0).padStart(11)}`);
    }
    console.log(`total ${total} requests (${(total / elapsed).toFixed(1)}/s), errors ${errors}`);
    for (const e of errorSamples) console.log(`  error: ${e}`);
    // Memory, per process: RSS per minute; the warm level = the mean over the minute after the warm-up; growth =
    // the last loaded minute against it (goal < 10 %); after = the mean of the last 30 s of the idle cool-down
    // against it (goal: at most 20 % above).
    const procs = [...new Set(memory.flatMap((m) => Object.entries(m.rss).filter(([, v]) => Number.isFinite(v)).map(([k]) => Number(k))))];
    const mean = (pid: number, from: number, to: number) => {
      const v = memory.filter((m) => m.t >= from && m.t <= to && m.rss[pid] !== undefined).map((m) => m.rss[pid]!);
      return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
    };
    const end = memory[memory.length - 1]!.t;
    const warmWindow = Math.min(60, Math.max(10, loadEnd - warmupS));
    let memoryOk = true;
    const memoryReport: Record<number, unknown> = {};
    console.log(`RSS (MB) per process and minute (load 0–${loadEnd} s, idle after):`);
    for (const pid of procs) {
      const perMinute: number[] = [];
      for (let m = 0; m * 60 < end; m++) perMinute.push(Math.round(mean(pid, m * 60, m * 60 + 59.999)));
      console.log(`  pid ${pid}${pid === server.pid && clustered ? ' (primary)' : ''}: ${perMinute.map((v, m) => `${m + 1}′ ${v}`).join(', ')}`);
    }
    console.log(`memory goals: after ${warmupS} s of warm-up RSS grows < 10 % to the end of the load; ${cooldownS} s after the load it is at most 20 % above the warm level`);
    for (const pid of procs) {
      const series = memory.map((m) => m.rss[pid]).filter((v): v is number => v !== undefined);
      const warm = mean(pid, warmupS, warmupS + warmWindow);
      const lastLoaded = mean(pid, loadEnd - Math.min(60, loadEnd - warmupS), loadEnd);
      const after = cooldownS > 0 ? mean(pid, end - Math.min(30, cooldownS), end) : NaN;
      const growth = (100 * (lastLoaded - warm)) / warm;
      const back = (100 * (after - warm)) / warm;
      const primary = pid === server.pid && clustered;
      // The idle goal is an upper bound: memory that falls further than 20 % below the warm level was given back.
      const ok = primary || (growth < 10 && (Number.isNaN(back) || back <= 20));
      if (!ok) memoryOk = false;
      memoryReport[pid] = { start: series[0], warm, lastLoaded, after, peak: Math.max(...series), growthPercent: growth, afterVsWarmPercent: back };
      console.log(`  pid ${pid}${primary ? ' (primary)' : ''}: start ${series[0]}, warm ${warm.toFixed(0)}, end of load ${lastLoaded.toFixed(0)} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %), ` +
        `${cooldownS} s idle ${Number.isNaN(after) ? '—' : `${after.toFixed(0)} (${back >= 0 ? '+' : ''}${back.toFixed(1)} % of warm)`}, peak ${Math.max(...series)} ${primary ? '' : ok ? 'OK' : 'MISSED'}`);
    }
    const out = path.join(ROOT, 'var', 'bench');
    mkdirSync(out, { recursive: true });
    const file = path.join(out, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ seconds: elapsed, warmupS, cooldownS, concurrency, workers, total, errors, memoryReport, stats: Object.fromEntries([...stats].map(([k, s]) => [k, { ...s, ms: undefined }])), memory, errorSamples }, null, 1));
    console.log(`details: ${path.relative(ROOT, file)}`);
    return errors === 0 && alive === 'running' && memoryOk ? 0 : 1;
  } finally {
    destroyCluster?.();
  }
}

void runBench('bench:soak', main);
