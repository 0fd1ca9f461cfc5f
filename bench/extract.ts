// npm run bench:extract: a 1 km² extract of every EGiB and GESUT table (obręby, działki, budynki, kontury użytków,
// przewody of all branches, urządzenia) into GeoPackage and DXF by our extract pipeline (server/services/downloads/
// extract.ts: planQuery/streamFeatures + server/formats writers), against ogr2ogr from the same PostGIS to the same
// formats with the same box, in the same run. Each side runs as its own process under /usr/bin/time (wall seconds,
// peak RSS); ours also reports the extract's own time without Node's start-up, and the time of the same extract
// asked of a running server over HTTP (GET /api/extract, request to last byte: what a user waits for). Goal: ours ≤
// 1.5 × ogr2ogr's time, judged on the in-process extract; the HTTP figure is reported beside it with its own ratio.
// Run by hand on the whole-city data set (bench/README.md).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PostgresDatabase } from '../server/db/postgres.ts';
import { Catalog } from '../server/catalog/catalog.ts';
import { LAYERS } from '../server/catalog/layers.ts';
import { NATIVE_CRS } from '../server/crs/definitions.ts';
import { countExtract, extractFormat, runExtract } from '../server/services/downloads/extract.ts';
import { optionReader } from './lib/cli.ts';
import { connInfo } from './lib/mapserver.ts';
import { fmt, median, table } from './lib/report.ts';
import { startOurServer, type OurServer } from './lib/ours.ts';
import os from 'node:os';

const run = promisify(execFile);
const GOAL = 1.5;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The distinct EGiB and GESUT tables (the per-branch line layers are subsets of gesut:przewody). */
const BENCH_LAYERS = ['egib:obreby', 'egib:dzialki', 'egib:budynki', 'egib:kontury_uzytkow', 'gesut:przewody', 'gesut:urzadzenia'];

const USAGE = `Usage: DATABASE_URL=postgres://… npm run bench:extract -- [options]

A 1 km² extract of all EGiB and GESUT tables into GeoPackage and DXF: ours vs ogr2ogr from the same PostGIS.

Options (or BENCH_<NAME>):
  --rounds=N        interleaved rounds; medians are reported   [3]
  --side=M          side of the square area in metres           [1000]
  --centre=E,N      centre of the area (EPSG:2177)              [centre of the data]
  --formats=LIST    gpkg,dxf                                    [gpkg,dxf]
  --no-http         leave out the HTTP figure (GET /api/extract of a running server)
  --json=FILE       write the measurements as JSON
  --strict          exit with status 3 when the goal is missed
`;

interface Timed { wall: number; rssMb: number; inner?: number; cold?: number; http?: number; features?: number; bytes: number }

/** Runs a command under /usr/bin/time: wall seconds and peak RSS (kB) from its last stderr line. */
async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ wall: number; rssMb: number; stdout: string }> {
  const { stdout, stderr } = await run('/usr/bin/time', ['-f', 'TIME %e %M', cmd, ...args], { env, maxBuffer: 64 * 1024 * 1024, cwd: ROOT });
  const m = /TIME ([\d.]+) (\d+)\s*$/.exec(stderr);
  if (!m) throw new Error(`no timing from ${cmd}: ${stderr.slice(-500)}`);
  return { wall: Number(m[1]), rssMb: Number(m[2]) / 1024, stdout };
}

/** Child mode: one extract by our pipeline; prints its own timing as JSON. */
async function child(databaseUrl: string, formatId: string, box: number[], dir: string): Promise<void> {
  const db = new PostgresDatabase({ connectionString: databaseUrl, poolSize: 2, statementTimeoutMs: 0 });
  try {
    const catalog = await Catalog.load(db, LAYERS.filter((l) => BENCH_LAYERS.includes(`${l.namespace}:${l.name}`)));
    const layers = BENCH_LAYERS.map((n) => catalog.layer(n, 'anonim')!);
    const [a, b, c, d] = box as [number, number, number, number];
    const area = { kind: 'bbox' as const, geometry: { type: 'Polygon' as const, coordinates: [[[a, b], [c, b], [c, d], [a, d], [a, b]]] }, areaKm2: ((c - a) * (d - b)) / 1e6 };
    const format = extractFormat(formatId);
    if (!format) throw new Error(`unknown extract format ${formatId}`);
    const req = { layers, rasters: [], format, area, crs: NATIVE_CRS, role: 'anonim' as const, baseUrl: 'http://localhost', dataDir: '' };
    // As in the running server: the first extract of a process loads modules and warms the JIT; the second is timed.
    let cold = 0, seconds = 0, result;
    let counts: Record<string, number> = {};
    for (const id of ['warm-up', 'bench']) {
      const t0 = performance.now();
      counts = await countExtract(db, req);
      result = await runExtract(db, req, dir, id, counts);
      const s = (performance.now() - t0) / 1000;
      if (id === 'warm-up') cold = s; else seconds = s;
    }
    process.stdout.write(JSON.stringify({ seconds, cold, features: result!.features, bytes: result!.size, counts }) + '\n');
  } finally {
    await db.close();
  }
}

async function main(): Promise<number> {
  const o = optionReader(process.argv.slice(2), process.env, ['rounds', 'side', 'centre', 'formats', 'json', 'strict', 'child', 'format', 'box', 'dir', 'no-http'], USAGE);
  if (o.help) { process.stdout.write(USAGE); return 0; }
  const databaseUrl = o.optional('database-url') ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error(`DATABASE_URL is required\n\n${USAGE}`);
  if (o.flags.has('child')) {
    await child(databaseUrl, o.str('format', 'gpkg'), o.str('box', '').split(',').map(Number), o.str('dir', tmpdir()));
    return 0;
  }
  const rounds = o.num('rounds', 3, 1);
  const side = o.num('side', 1000, 10);
  const formats = o.list('formats', 'gpkg,dxf');
  const db = new PostgresDatabase({ connectionString: databaseUrl, poolSize: 1, statementTimeoutMs: 0 });
  let centre: number[];
  const [facts] = await db.query<{ v: string; p: string; minx: number; miny: number; maxx: number; maxy: number }>(
    `SELECT current_setting('server_version') AS v, postgis_lib_version() AS p, ST_XMin(e) AS minx, ST_YMin(e) AS miny, ST_XMax(e) AS maxx, ST_YMax(e) AS maxy
     FROM (SELECT ST_Extent(geom) AS e FROM egib.obreby) x`);
  await db.close();
  const c = o.optional('centre');
  centre = c ? c.split(',').map(Number) : [(facts!.minx + facts!.maxx) / 2, (facts!.miny + facts!.maxy) / 2];
  const box = [centre[0]! - side / 2, centre[1]! - side / 2, centre[0]! + side / 2, centre[1]! + side / 2].map((v) => Math.round(v));
  const { stdout: gdalVersion } = await run('ogr2ogr', ['--version']);
  const log = (s = '') => process.stdout.write(s + '\n');
  log(`bench:extract — PostgreSQL ${facts!.v}, PostGIS ${facts!.p}, ${gdalVersion.trim()}, Node ${process.version}`);
  log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (1/5/15 min) at the start`);
  log(`area: ${box.join(',')} (EPSG:2177, ${((box[2]! - box[0]!) * (box[3]! - box[1]!) / 1e6).toFixed(2)} km²); layers: ${BENCH_LAYERS.join(', ')}; ${rounds} rounds`);

  const pg = `PG:${connInfo(databaseUrl)}`;
  const tables = BENCH_LAYERS.map((n) => LAYERS.find((l) => `${l.namespace}:${l.name}` === n)!.table);
  const results: Record<string, { ours: Timed[]; ogr: Timed[] }> = {};
  for (const f of formats) results[f] = { ours: [], ogr: [] };
  // The HTTP side: one server for the whole run (its catalogue loaded, its pool open), the direct-download limit raised
  // so that the 1 km² of the city is sent at once; the first request of each format warms it up and is not counted.
  let server: OurServer | undefined;
  const serverDir = mkdtempSync(path.join(tmpdir(), 'sip-bench-extract-'));
  const httpUrl = (f: string) => `${server!.base.replace(/\/ows\?$/, '')}/api/extract?layers=${BENCH_LAYERS.join(',')}&format=${f}&bbox=${box.join(',')}`;
  const viaHttp = async (f: string): Promise<{ seconds: number; bytes: number }> => {
    const t0 = performance.now();
    const res = await fetch(httpUrl(f));
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`GET /api/extract ${f}: HTTP ${res.status} ${body.toString('utf8', 0, 300)}`);
    return { seconds: (performance.now() - t0) / 1000, bytes: body.length };
  };
  if (!o.bool('no-http')) {
    server = await startOurServer({ dir: serverDir, databaseUrl, label: 'extract', env: { DOWNLOADS_SYNC_MAX_FEATURES: '10000000', WORKERS: '1' } });
    for (const f of formats) await viaHttp(f);
  }
  try {
  for (let r = 1; r <= rounds; r++) {
    for (const f of formats) {
      const dir = mkdtempSync(path.join(tmpdir(), 'bench-extract-'));
      try {
        const ours = await timed(process.execPath, ['--import', 'tsx', 'bench/extract.ts', '--child', `--format=${f}`, `--box=${box.join(',')}`, `--dir=${dir}`], { ...process.env, DATABASE_URL: databaseUrl });
        const j = JSON.parse(ours.stdout.trim().split('\n').at(-1)!) as { seconds: number; cold: number; features: number; bytes: number };
        const http = server ? await viaHttp(f) : undefined;
        results[f]!.ours.push({ wall: ours.wall, rssMb: ours.rssMb, inner: j.seconds, cold: j.cold, features: j.features, bytes: j.bytes, ...(http ? { http: http.seconds } : {}) });
        const out = path.join(dir, `ogr.${f}`);
        // GDAL's DXF writer takes one layer of entities whose "Layer" field names the CAD layer: one UNION query.
        const env = `ST_MakeEnvelope(${box.join(', ')}, 2177)`;
        const dxfSql = BENCH_LAYERS.map((n, i) => `SELECT geom, '${n.replace(':', '_')}' AS "Layer" FROM ${tables[i]} WHERE ST_Intersects(geom, ${env})`).join(' UNION ALL ');
        const ogr = await timed('ogr2ogr', f === 'gpkg'
          ? ['-f', 'GPKG', out, pg, ...tables, '-spat', ...box.map(String), '-spat_srs', 'EPSG:2177']
          : ['-f', 'DXF', out, pg, '-sql', dxfSql]);
        const info = f === 'gpkg' ? await run('ogrinfo', ['-ro', '-so', '-al', out]).then((x) => [...x.stdout.matchAll(/Feature Count: (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0)) : undefined;
        results[f]!.ogr.push({ wall: ogr.wall, rssMb: ogr.rssMb, bytes: statSync(out).size, ...(info !== undefined ? { features: info } : {}) });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      log(`round ${r} ${f}: ours ${fmt(results[f]!.ours.at(-1)!.wall, 2)} s (extract ${fmt(results[f]!.ours.at(-1)!.inner!, 2)} s, HTTP ${fmt(results[f]!.ours.at(-1)!.http ?? NaN, 2)} s), ogr2ogr ${fmt(results[f]!.ogr.at(-1)!.wall, 2)} s`);
    }
  }
  } finally {
    await server?.stop();
    rmSync(serverDir, { recursive: true, force: true });
  }
  log('');
  let met = true;
  const rows = formats.map((f) => {
    const ours = results[f]!.ours, ogr = results[f]!.ogr;
    // The server runs an extract with its catalogue loaded and its pool open: the extract's own time is ours.
    const ratio = median(ours.map((x) => x.inner!)) / median(ogr.map((x) => x.wall));
    if (!(ratio <= GOAL)) met = false;
    const httpRatio = median(ours.map((x) => x.http ?? NaN)) / median(ogr.map((x) => x.wall));
    return [f, fmt(median(ours.map((x) => x.wall)), 2), fmt(median(ours.map((x) => x.cold!)), 2), fmt(median(ours.map((x) => x.inner!)), 2), fmt(median(ours.map((x) => x.http ?? NaN)), 2),
      fmt(median(ours.map((x) => x.rssMb)), 0), String(ours[0]!.features),
      fmt(median(ogr.map((x) => x.wall)), 2), fmt(median(ogr.map((x) => x.rssMb)), 0), String(ogr[0]!.features ?? '-'), fmt(ratio, 2), ratio <= GOAL ? 'met' : 'MISSED',
      fmt(httpRatio, 2), Number.isFinite(httpRatio) ? (httpRatio <= GOAL ? 'met' : 'MISSED') : '-'];
  });
  log(table(['format', 'ours s', 'ours 1st extract s', 'ours extract s', 'ours HTTP s', 'ours RSS MB', 'ours features', 'ogr2ogr s', 'ogr2ogr RSS MB', 'ogr2ogr features', 'ratio', `goal ≤ ${GOAL}`, 'HTTP ratio', `HTTP ≤ ${GOAL}`], rows));
  log('\nratio = ours extract s ÷ ogr2ogr s. ours s, ogr2ogr s: wall time of the whole process (ours includes starting Node,');
  log('compiling TypeScript, loading the catalogue and a first extract). ours 1st extract s: the first extract of the process');
  log('(module loading, JIT warm-up); ours extract s: the same extract again, as a running server does it. ogr2ogr exports');
  log('every column of the tables and selects by box (-spat), ours the public attributes of the catalogue with ST_Intersects;');
  log('GeoPackage both with an R-tree spatial index. ours HTTP s: GET /api/extract of the same layers, format and box from a');
  log('running server (request to last byte: planning, the count, the extract, the download register, sending); HTTP ratio');
  log(`= ours HTTP s ÷ ogr2ogr s. Load average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}.`);
  const json = o.optional('json');
  if (json) writeFileSync(json, JSON.stringify({ box, loadavg: os.loadavg(), results }, null, 2));
  return met || !o.bool('strict') ? 0 : 3;
}

main().then((code) => process.exit(code), (err: Error) => { process.stderr.write(`bench:extract: ${err.message}\n`); process.exit(1); });
