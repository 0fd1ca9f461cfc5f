// npm run bench:tiles: MVT tiles per second from our endpoint /tiles/{set}/{z}/{x}/{y}.mvt against the database
// floor: the identical ST_AsMVT statement of each tile (server/services/tiles/mvt.ts, mvtInDatabase: one statement
// on a pool whose connections have jit = off, as the server's) run directly with pg from this process, at the same
// concurrency over the same tile list. Tiles at zooms 12–18 over the data extent (a zoom at which a set has no layer is
// not applicable: no tile of it is requested); our response cache off (TILE_CACHE_MB=0). Goal: ours ÷ floor ≥ 0.8.
// Before timing, the size survey (bench/lib/tile-sizes.ts): the largest gzip tile per set and zoom, goal ≤ 500 kB. A third side, "bare", is a node:http server with no framework running the same statement
// (bench/lib/bare-tiles.ts): what any Node HTTP server can reach here, so ours ÷ bare is the cost of our own stack.
// Run by hand. See bench/README.md.
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { Catalog } from '../server/catalog/catalog.ts';
import { PostgresDatabase } from '../server/db/postgres.ts';
import { mvtInDatabase } from '../server/services/tiles/mvt.ts';
import { catalogLatitude, layersAtZoom, tileSets, type TileSet } from '../server/services/tiles/sets.ts';
import { tileQuery, type TileAddress } from '../server/services/tiles/tile.ts';
import { geoBounds } from '../server/services/tiles/documents.ts';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { BenchDb } from './lib/dataset.ts';
import { optionReader } from './lib/cli.ts';
import { runDirect } from './lib/floor.ts';
import { mulberry32, runLoad, type LoadStats } from './lib/load.ts';
import { ROOT, startOurServer, type OurServer } from './lib/ours.ts';
import { freePort, ourProcesses, runBench, keepTempDirs, makeTempDir, spawnChild, stopChild, waitForHttp, type Child } from './lib/processes.ts';
import path from 'node:path';
import { fmt, median, table } from './lib/report.ts';
import { GZIP_LEVEL, surveyTileSizes, type ZoomSizes } from './lib/tile-sizes.ts';

const GOAL = 0.8;
/** The largest tile a client may have to fetch, gzip bytes (issue 19). */
const SIZE_GOAL = 500_000;
const SEQUENCE = 20_000;
type Side = 'ours' | 'bare' | 'floor';

const USAGE = `Usage: DATABASE_URL=postgres://… npm run bench:tiles -- [options]

MVT tiles/s of /tiles/{set}/{z}/{x}/{y}.mvt against the same ST_AsMVT statements run directly with pg.

Options (or BENCH_<NAME>, e.g. BENCH_DURATION=10):
  --duration=S          seconds per measurement (one side, one case, one round)   [8]
  --rounds=N            interleaved rounds; medians are reported                  [3]
  --warmup=S            warm-up seconds per side and set before round 1           [2]
  --sets=LIST           tile sets                                                 [egib,gesut,sip]
  --zooms=A-B           zoom levels of the random tiles (uniform over the levels
                        at which the set has a layer)                             [12-18]
  --size-sample=N       size survey: every tile of a level up to N tiles, else N   [100]
  --sizes-only          the size survey only, no throughput
  --no-sizes            no size survey
  --concurrency=LIST    client connections / direct pg workers                    [1,4,8]
  --seed=N              seed of the tile sequence                                 [1]
  --no-bare             leave out the bare node:http side (a third shorter)
  --keep-temp           keep the temp dir (server log)
  --json=FILE           write the raw results as JSON
  --strict              exit with status 3 when a goal is missed
`;

interface Measurement { round: number; set: string; connections: number; side: Side; stats: LoadStats }
const log = (s = '') => process.stdout.write(s + '\n');

/**
 * Random tiles over the set's data (WGS 84 bounds of its layers), zoom uniform over `zooms` (the levels of [z0, z1] at
 * which the set has a layer: a tile of a level without any is answered 204 by the route and never reaches the database,
 * so timing it would compare an HTTP round trip with nothing).
 */
function tileSequence(seed: number, bounds: [number, number, number, number], zooms: readonly number[]): TileAddress[] {
  const random = mulberry32(seed);
  const tx = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
  const ty = (lat: number, z: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
  };
  const out: TileAddress[] = [];
  for (let i = 0; i < SEQUENCE; i++) {
    const z = zooms[Math.floor(random() * zooms.length)]!;
    const [xa, xb] = [tx(bounds[0], z), tx(bounds[2], z)];
    const [ya, yb] = [ty(bounds[3], z), ty(bounds[1], z)];
    out.push({ z, x: xa + Math.floor(random() * (xb - xa + 1)), y: ya + Math.floor(random() * (yb - ya + 1)) });
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const o = optionReader(argv, process.env, ['duration', 'rounds', 'warmup', 'sets', 'zooms', 'concurrency', 'seed', 'no-bare', 'keep-temp', 'json', 'strict', 'size-sample', 'sizes-only', 'no-sizes'], USAGE);
  if (o.help) { process.stdout.write(USAGE); return 0; }
  const databaseUrl = o.flags.get('database-url') ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error(`DATABASE_URL is required\n\n${USAGE}`);
  const duration = o.num('duration', 8, 1);
  const rounds = Math.round(o.num('rounds', 3, 1));
  const warmup = o.num('warmup', 2, 0);
  const concurrency = o.ints('concurrency', '1,4,8');
  const seed = Math.round(o.num('seed', 1, 0));
  const zm = /^(\d+)-(\d+)$/.exec(o.str('zooms', '12-18'));
  if (!zm) throw new Error('--zooms must be A-B, e.g. 14-18');
  const [z0, z1] = [Number(zm[1]), Number(zm[2])];
  const started = Date.now();

  const facts = await (async () => { const b = new BenchDb(databaseUrl); try { return await b.facts(); } finally { await b.close(); } })();
  const db = new PostgresDatabase({ connectionString: databaseUrl, poolSize: Math.max(...concurrency), statementTimeoutMs: 30_000 });
  const dir = makeTempDir('sip-bench-tiles-');
  if (o.bool('keep-temp')) keepTempDirs();
  const measurements: Measurement[] = [];
  let ours: OurServer | undefined;
  let bare: Child | undefined;
  const withBare = !o.bool('no-bare');
  const sides: Side[] = withBare ? ['ours', 'bare', 'floor'] : ['ours', 'floor'];
  try {
    const catalog = await Catalog.load(db);
    const latitude = catalogLatitude(catalog);
    const all = tileSets(catalog, 'anonim');
    const sets: TileSet[] = o.list('sets', 'egib,gesut,sip').map((id) => {
      const s = all.get(id);
      if (!s) throw new Error(`no tile set ${id} (${[...all.keys()].join(', ')})`);
      return s;
    });
    const levels = Array.from({ length: z1 - z0 + 1 }, (_, i) => z0 + i);
    const zoomsOf = (set: TileSet) => levels.filter((z) => layersAtZoom(set, z, latitude).length > 0);
    const timed = sets.filter((set) => zoomsOf(set).length > 0);
    const sequences = (s: number) => new Map(timed.map((set) => [set.id, tileSequence(s + set.id.length * 7919, geoBounds(set.layers) as [number, number, number, number], zoomsOf(set))]));
    /** Exactly what the route does for a tile (router.ts sendTile), without HTTP and the cache: bytes of the tile. */
    const directTile = async (set: TileSet, t: TileAddress): Promise<Buffer> => {
      const q = tileQuery(set, t, latitude);
      return q ? mvtInDatabase(db, q.layers, 'anonim', t, q.box) : Buffer.alloc(0);
    };
    const direct = async (set: TileSet, t: TileAddress): Promise<number> => (await directTile(set, t)).length;
    /** Features per layer, e.g. "budynki:12 dzialki:40" (feature order, and so bytes, may differ between runs of a parallel plan). */
    const contents = (b: Buffer) => {
      if (!b.length) return 'empty';
      const vt = new VectorTile(new PbfReader(b));
      return Object.keys(vt.layers).sort().map((k) => `${k}:${vt.layers[k]!.length}`).join(' ');
    };

    const sizesOnly = o.bool('sizes-only');
    const cases = sizesOnly ? [] : timed.flatMap((set) => concurrency.map((connections) => ({ set, connections })));
    log('Tile benchmark: /tiles/{set}/{z}/{x}/{y}.mvt vs the same ST_AsMVT statements run directly');
    log(`  machine     ${os.cpus()[0]?.model ?? '?'} × ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    log(`  load        load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (1/5/15 min) at the start`);
    log(`  database    PostgreSQL ${facts.server}, PostGIS ${facts.postgis} (${new URL(databaseUrl).host}${new URL(databaseUrl).pathname})`);
    log(`  settings    ${Object.entries(facts.settings).map(([k, v]) => `${k}=${v}`).join(', ')} (both pools set jit = off on their connections)`);
    for (const set of sets) {
      const na = levels.filter((z) => !zoomsOf(set).includes(z));
      log(`  set ${set.id.padEnd(7)} ${levels.map((z) => `z${z}: ${layersAtZoom(set, z, latitude).map((l) => l.name).join(',') || '-'}`).join('; ')}`
        + (na.length ? `\n              not applicable (no layer, not timed): z${na.join(', z')}` : ''));
    }
    log(`  ours        ${ourProcesses()}, TILE_CACHE_MB=0 (no response cache: every request runs the statement), DB_POOL_SIZE default`);
    if (withBare) log('  bare        bench/lib/bare-tiles.ts: node:http, no framework or middleware, the same mvtInDatabase(), DB_POOL_SIZE default');
    log(`  floor       mvtInDatabase() from server/services/tiles/mvt.ts with pg from this process, a pool of ${Math.max(...concurrency)}`);
    log(`  plan        ${cases.length} cases × ${sides.length} sides × ${rounds} rounds × ${duration} s; random tiles z${z0}–${z1} over each set's extent, seed ${seed}`);
    log(`  expected    about ${Math.ceil((cases.length * sides.length * rounds * (duration + 0.5) + sets.length * sides.length * warmup + 20) / 60)} min`);
    log();

    let sizes: ZoomSizes[] = [];
    if (!o.bool('no-sizes')) {
      const sample = Math.round(o.num('size-sample', 100, 4));
      log(`size survey: gzip (level ${GZIP_LEVEL}) of the route's statement per set and zoom; every tile of a level up to ${sample} tiles, else a seeded sample of ${sample}`);
      sizes = await surveyTileSizes(db, sets, latitude, z0, z1, { sample, seed, progress: log });
      log();
      log(table(['set', 'z', 'tiles', 'measured', 'max gzip kB', 'max raw kB', 'mean gzip kB', 'largest tile', 'its ms', `goal ≤ ${SIZE_GOAL / 1000} kB`],
        sizes.map((r) => r.applicable
          ? [r.set, String(r.z), String(r.tiles), `${r.measured}${r.complete ? ' (all)' : ''}`, fmt(r.maxGzip / 1000, 1), fmt(r.maxRaw / 1000, 1), fmt(r.meanGzip / 1000, 1),
            r.largest ? `${r.largest.z}/${r.largest.x}/${r.largest.y}` : '-', fmt(r.largestMs, 0), r.maxGzip <= SIZE_GOAL ? 'PASS' : 'FAIL']
          : [r.set, String(r.z), String(r.tiles), '-', '-', '-', '-', '-', '-', 'n/a (no layer)']), 2));
      log();
    }
    const sizesPass = sizes.every((r) => !r.applicable || r.maxGzip <= SIZE_GOAL);
    if (sizesOnly) {
      log(`size goal: ${sizesPass ? 'MET' : 'MISSED'} (took ${fmt((Date.now() - started) / 60_000)} min)`);
      const json = o.optional('json');
      if (json) writeFileSync(json, JSON.stringify({ date: new Date().toISOString(), loadavg: os.loadavg(), database: facts, sizes }, null, 2));
      return o.bool('strict') && !sizesPass ? 3 : 0;
    }

    ours = await startOurServer({ dir, databaseUrl, label: 'tiles', env: { TILE_CACHE_MB: '0' } });
    const origin = ours.base.replace(/\/ows\?$/, '');
    const tileUrl = (set: TileSet, t: TileAddress, base = origin) => `${base}/tiles/${set.id}/${t.z}/${t.x}/${t.y}.mvt`;
    log(`  ours      ${origin}  (pid ${ours.pid})`);
    let bareOrigin = '';
    if (withBare) {
      const port = await freePort();
      bare = spawnChild('bare tile server', process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'lib', 'bare-tiles.ts')],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) }, logFile: path.join(dir, 'bare.log') });
      bareOrigin = `http://127.0.0.1:${port}`;
      await waitForHttp(`${bareOrigin}/tiles/${sets[0]!.id}/0/0/0.mvt`, bare, 60_000, 204);
      log(`  bare      ${bareOrigin}  (pid ${bare.pid})`);
    }

    log('checking that the route answers the bytes of the direct statement:');
    for (const set of timed) {
      const tiles = sequences(seed).get(set.id)!.slice(0, 5);
      const got = await Promise.all(tiles.map(async (t) => {
        const res = await fetch(tileUrl(set, t));
        const body = Buffer.from(await res.arrayBuffer());
        const expected = await directTile(set, t);
        return { status: res.status, bytes: body.length, expected: expected.length, same: contents(body) === contents(expected), what: contents(body), t };
      }));
      const bad = got.filter((g) => !g.same || (g.status !== 200 && g.status !== 204));
      log(`  ${set.id.padEnd(6)} ${got.map((g) => `${g.t.z}/${g.t.x}/${g.t.y} HTTP ${g.status} ${g.bytes} B${g.bytes === g.expected ? '' : ` (direct ${g.expected} B)`}${g.same ? '' : ' DIFFERENT'}`).join('; ')}`);
      log(`         features: ${got.map((g) => g.what).join('; ')}`);
      if (bad.length) throw new Error(`the route and the direct statement disagree for set ${set.id}`);
    }
    log();

    const measure = (side: Side, set: TileSet, s: number, connections: number, seconds: number) => {
      const list = sequences(s).get(set.id)!;
      let i = 0;
      if (side === 'floor') return runDirect({ run: (k) => direct(set, list[k % list.length]!), next: () => i++, connections, seconds });
      const base = side === 'ours' ? origin : bareOrigin;
      return runLoad({ urlFor: (k) => tileUrl(set, list[k % list.length]!, base), next: () => i++, connections, seconds });
    };
    if (warmup > 0) {
      log(`warming up (${warmup} s per side and set) …`);
      for (const set of timed) for (const side of sides) await measure(side, set, seed + 1_000_003, Math.max(...concurrency), warmup);
      log();
    }
    for (let round = 0; round < rounds; round++) {
      log(`round ${round + 1}/${rounds}`);
      for (const { set, connections } of cases) {
        for (const side of round % 2 === 0 ? sides : [...sides].reverse()) { // alternating order: drift hits every side alike
          const stats = await measure(side, set, seed + round, connections, duration); // the same tiles for both sides
          measurements.push({ round, set: set.id, connections, side, stats });
          const bad = stats.non2xx + stats.errors + stats.timeouts;
          log(`  ${set.id.padEnd(6)} c=${String(connections).padEnd(2)} ${side.padEnd(5)} ${fmt(stats.rps, 1).padStart(7)} tiles/s  ${String(stats.ok).padStart(5)} tiles  p50 ${fmt(stats.p50, 0).padStart(5)} ms  p99 ${fmt(stats.p99, 0).padStart(5)} ms  ${fmt(stats.bytesPerSec / 2 ** 20).padStart(6)} MiB/s`
            + (bad ? `  !! ${stats.non2xx} non-2xx, ${stats.errors} errors, ${stats.timeouts} timeouts` : ''));
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
    const summaries = cases.map(({ set, connections }) => {
      const of = (side: Side) => measurements.filter((m) => m.set === set.id && m.connections === connections && m.side === side);
      const agg = (list: Measurement[]) => ({ rps: median(list.map((m) => m.stats.rps)), p50: median(list.map((m) => m.stats.p50)), p99: median(list.map((m) => m.stats.p99)), tiles: median(list.map((m) => m.stats.ok)) });
      const a = of('ours');
      const b = of('floor');
      const c = of('bare');
      /** Per-round ratios of two sides' tiles/s. */
      const per = (x: Measurement[], y: Measurement[]) => x.map((m) => { const t = y.find((n) => n.round === m.round); return t && t.stats.rps > 0 ? m.stats.rps / t.stats.rps : NaN; });
      const ratios = per(a, b);
      const failures = [...a, ...b, ...c].reduce((n, m) => n + m.stats.non2xx + m.stats.errors + m.stats.timeouts, 0);
      const ratio = median(ratios);
      return {
        set: set.id, connections, ours: agg(a), floor: agg(b), bare: c.length ? agg(c) : undefined, ratio, ratios,
        bareRatio: c.length ? median(per(c, b)) : NaN, oursToBare: c.length ? median(per(a, c)) : NaN, failures, pass: ratio >= GOAL && !failures,
      };
    });

    log();
    log('='.repeat(110));
    log(`MVT tiles z${z0}–${z1}, random over each set's extent; medians of ${rounds} rounds × ${duration} s per side and case; ratio = median of per-round ratios ours ÷ floor`);
    if (withBare) log('bare ÷ floor: what a Node HTTP server without any framework reaches; ours ÷ bare: the cost of our stack (Express, security, cache, validators)');
    log();
    log(table(
      ['set', 'c', 'ours tiles/s', ...(withBare ? ['bare tiles/s'] : []), 'floor tiles/s', 'ratio', ...(withBare ? ['bare ÷ floor', 'ours ÷ bare'] : []),
        'ours p50/p99 ms', 'floor p50/p99 ms', 'tiles', `goal ≥ ${GOAL}`],
      summaries.map((s) => [s.set, String(s.connections), fmt(s.ours.rps, 1), ...(withBare ? [fmt(s.bare?.rps ?? NaN, 1)] : []), fmt(s.floor.rps, 1), fmt(s.ratio, 2),
        ...(withBare ? [fmt(s.bareRatio, 2), fmt(s.oursToBare, 2)] : []),
        `${fmt(s.ours.p50, 0)} / ${fmt(s.ours.p99, 0)}`, `${fmt(s.floor.p50, 0)} / ${fmt(s.floor.p99, 0)}`, `${s.ours.tiles}/${s.floor.tiles}`,
        s.failures ? 'INVALID (errors)' : s.pass ? 'PASS' : 'FAIL']),
      1,
    ));
    log(`per-round ratios: ${summaries.map((s) => `${s.set} c=${s.connections}: ${s.ratios.map((r) => fmt(r, 2)).join(' ')}`).join('; ')}`);
    const untimed = sets.filter((set) => !timed.includes(set)).map((set) => set.id);
    if (untimed.length) log(`not applicable (no layer at z${z0}–${z1}): ${untimed.join(', ')}`);
    const met = summaries.filter((s) => s.pass).length;
    const allPass = summaries.length > 0 && met === summaries.length && sizesPass;
    log(`goals: ${allPass ? 'ALL MET' : `${met} of ${summaries.length} throughput goals met`}; tile size ≤ ${SIZE_GOAL / 1000} kB: ${sizes.length ? (sizesPass ? 'met' : 'MISSED') : 'not surveyed'}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (took ${fmt((Date.now() - started) / 60_000)} min)`);
    if (o.bool('keep-temp')) log(`temp dir kept: ${dir}`);
    const json = o.optional('json');
    if (json) {
      writeFileSync(json, JSON.stringify({ date: new Date().toISOString(), loadavg: os.loadavg(), database: facts, sets: sets.map((s) => s.id), zooms: [z0, z1], concurrency, rounds, duration, seed, sizes, summaries, measurements }, null, 2));
      log(`raw results: ${json}`);
    }
    return o.bool('strict') && !allPass ? 3 : 0;
  } finally {
    await ours?.stop();
    if (bare) await stopChild(bare);
    await db.close();
  }
}

await runBench('bench:tiles', () => main(process.argv.slice(2)));
