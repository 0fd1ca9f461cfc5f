// npm run bench:wfs: our WFS 2.0 GetFeature against MapServer 8 on the same PostGIS, in one run.
//  1. throughput: pages of COUNT features at random STARTINDEX (the same sequence for both peers), as GeoJSON
//     and GML 3.2, and the features of random 500 m boxes (BBOX, COUNT=1000: what a GIS client sends when a user
//     pans), at each concurrency; rounds interleave the peers; medians are reported with their ratio;
//  2. memory: the peak RSS of our server process while one client streams a whole large layer.
// Goals (issues #3 and #19): GeoJSON ≥ 3× MapServer (pages and boxes), GML 3.2 ≥ 1× MapServer, peak RSS < 300 MB.
// The load average is printed at the start and end: on a shared machine the ratios are only as good as the quiet.
// Run by hand, never in CI. See bench/README.md.
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { BenchDb, benchLayer } from './lib/dataset.ts';
import { boxSequence, compareSamples, fetchSample, getFeatureBboxUrl, getFeatureUrl, MAPSERVER_FORMATS, OUR_FORMATS, runLoad, startIndexSequence, type LoadStats, type Peer, type PeerName } from './lib/load.ts';
import { ensureTools, mapserverVersion, nginxVersion, startMapServer, type MapServerPeer } from './lib/mapserver.ts';
import { parseOptions, USAGE, type Format, type Options, type Workload } from './lib/options.ts';
import { ourServerCommand, startOurServer, type OurServer } from './lib/ours.ts';
import { ourProcesses, runBench, keepTempDirs, logTail, makeTempDir } from './lib/processes.ts';
import { fmt, mb, median, table } from './lib/report.ts';
import { streamAndSample, type StreamResult } from './lib/rss.ts';

const GOALS: Record<Format, number> = { geojson: 3, gml32: 1 };
const RSS_GOAL_MB = 300;
const RSS_LAYER_SIZE_GOAL = 1_000_000;
const RSS_MAX_FEATURES = 2_000_000;
/** The server's default (30 s) cuts a whole-layer stream that takes longer; the RSS run is about memory. */
const RSS_STATEMENT_TIMEOUT_MS = 30 * 60_000;
const FORMAT_LABEL: Record<Format, string> = { geojson: 'GeoJSON', gml32: 'GML 3.2' };

interface Measurement { round: number; workload: Workload; format: Format; connections: number; peer: PeerName; stats: LoadStats }
interface CaseSummary {
  workload: Workload; format: Format; connections: number;
  ours: { rps: number; p50: number; p99: number; mbps: number; pages: number };
  mapserver: { rps: number; p50: number; p99: number; mbps: number; pages: number };
  /** Median of the per-round ratios ours/MapServer (paired: same round, back to back). */
  ratio: number;
  ratios: number[];
  failures: number;
  goal: number;
  pass: boolean;
}
interface RssSummary { format: Format; expected: number; result: StreamResult; pass: boolean; complete: boolean }

const log = (s = '') => process.stdout.write(s + '\n');

async function main(opts: Options): Promise<number> {
  const started = Date.now();
  const db = new BenchDb(opts.databaseUrl);
  const layer = benchLayer(opts.layer);
  const big = benchLayer(opts.bigLayer);
  let facts, total, extent, bigTotal;
  try {
    facts = await db.facts();
    total = await db.count(layer.spec);
    extent = await db.extent(layer.spec);
    bigTotal = opts.rss ? await db.count(big.spec) : 0;
  } finally {
    await db.close();
  }
  if (!extent || total === 0) throw new Error(`${layer.spec.table} is empty: load a data set first (see bench/README.md)`);

  const cases = [
    ...(opts.workloads.includes('pages') ? opts.formats.map((format) => ({ workload: 'pages' as Workload, format })) : []),
    ...(opts.workloads.includes('bbox') ? opts.bboxFormats.map((format) => ({ workload: 'bbox' as Workload, format })) : []),
  ].flatMap((c) => opts.concurrency.map((connections) => ({ ...c, connections })));
  const boxes = (seed: number) => boxSequence(seed, extent!, opts.bboxSide);
  /** The URL of the k-th request of a workload's sequence (the same for both peers of a round). */
  const requestOf = (p: Peer, workload: Workload, format: Format, seed: number) => {
    if (workload === 'bbox') {
      const list = boxes(seed);
      let i = 0;
      return { next: () => i++, urlFor: (k: number) => getFeatureBboxUrl(p, layer.typeName, format, opts.count, list[k % list.length]!) };
    }
    return { next: startIndexSequence(seed, total!, opts.count), urlFor: (s: number) => getFeatureUrl(p, layer.typeName, format, opts.count, s) };
  };
  const tools = opts.throughput ? ensureTools(opts.install) : undefined;
  const estimate = (opts.throughput ? cases.length * 2 * opts.rounds * (opts.duration + 0.5) + opts.formats.length * 2 * opts.warmup + 20 : 0)
    + (opts.rss ? opts.rssFormats.length * (15 + bigTotal / 40_000) : 0);

  log('WFS benchmark: SIP Poznań vs MapServer');
  log(`  machine     ${os.cpus()[0]?.model ?? '?'} × ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`);
  log(`  database    PostgreSQL ${facts.server}, PostGIS ${facts.postgis} (${new URL(opts.databaseUrl).host}${new URL(opts.databaseUrl).pathname})`);
  log(`  settings    ${Object.entries(facts.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  log(`  load        load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (1/5/15 min) at the start`);
  log(`  data        ${layer.typeName}: ${total.toLocaleString('en')} features (${layer.spec.table})` + (opts.rss ? `; ${big.typeName}: ${bigTotal.toLocaleString('en')} features` : ''));
  if (tools) {
    log(`  MapServer   ${mapserverVersion(tools)}, ${opts.mapserverWorkers} FastCGI worker(s) (spawn-fcgi) behind nginx ${nginxVersion(tools)} (1 worker)`
      + (opts.mapserverNumberMatched ? '' : '; numberMatched NOT counted (--no-number-matched)'));
  }
  log(`  ours        ${ourProcesses()} (${ourServerCommand()})`);
  if (opts.throughput) log(`  plan        ${cases.length} cases × 2 peers × ${opts.rounds} rounds × ${opts.duration} s, COUNT=${opts.count}, random STARTINDEX in [0, ${Math.max(0, total - opts.count)}]`
    + (opts.workloads.includes('bbox') ? ` and random ${opts.bboxSide} m boxes over the layer's extent` : '') + `, seed ${opts.seed}`);
  log(`  expected    about ${Math.ceil(estimate / 60)} min`);
  if (layer.omitted.length) log(`  note        computed attributes left out on both sides: ${layer.omitted.join(', ')}`);
  if (total < opts.count) log(`  WARNING     ${layer.typeName} has fewer features (${total}) than COUNT=${opts.count}`);
  log();

  const dir = makeTempDir('sip-bench-wfs-');
  if (opts.keepTemp) keepTempDirs();
  const measurements: Measurement[] = [];
  let summaries: CaseSummary[] = [];
  const rss: RssSummary[] = [];

  if (opts.throughput && tools) {
    let ours: OurServer | undefined;
    let ms: MapServerPeer | undefined;
    try {
      log('starting our server and MapServer …');
      ours = await startOurServer({ dir, databaseUrl: opts.databaseUrl, label: 'throughput' });
      ms = await startMapServer({ tools, dir, layer, extent, databaseUrl: opts.databaseUrl, workers: opts.mapserverWorkers, numberMatched: opts.mapserverNumberMatched });
      const peers: Peer[] = [
        { name: 'ours', base: ours.base, outputFormat: OUR_FORMATS },
        { name: 'MapServer', base: ms.base, outputFormat: MAPSERVER_FORMATS },
      ];
      log(`  ours      ${ours.base.replace(/\?$/, '')}  (pid ${ours.pid})`);
      log(`  MapServer ${ms.base.replace(/\?.*$/, '')}  (mapserv pids ${ms.workers.join(', ')})`);
      log();

      // Both peers must answer the same request with the same features, or the timing means nothing.
      log('checking that both peers answer alike:');
      for (const { workload, format } of [...new Map(cases.map((c) => [`${c.workload} ${c.format}`, c])).values()]) {
        const start = startIndexSequence(opts.seed, total, opts.count)();
        const box = boxes(opts.seed)[0]!;
        const url = (p: Peer) => (workload === 'bbox' ? getFeatureBboxUrl(p, layer.typeName, format, opts.count, box) : getFeatureUrl(p, layer.typeName, format, opts.count, start));
        const [a, b] = await Promise.all(peers.map((p) => fetchSample(url(p), format, layer)));
        // A box holds what it holds: the peers must agree with each other (a page's size is known beforehand).
        const expected = workload === 'bbox' ? a!.features : Math.max(0, Math.min(opts.count, total - start));
        const cmp = compareSamples(a!, b!, expected);
        log(`  ${FORMAT_LABEL[format].padEnd(8)} ${workload === 'bbox' ? `BBOX ${box.map((v) => v.toFixed(0)).join(',')}` : `STARTINDEX=${start}`}: ${cmp.ok ? 'OK' : 'MISMATCH'}: ${cmp.message}; ${fmt(a!.bytes / 1024, 0)} KiB vs ${fmt(b!.bytes / 1024, 0)} KiB`);
        if (!cmp.ok) {
          for (const [name, s] of [['ours', a!], ['MapServer', b!]] as const) {
            log(`    ${name}: HTTP ${s.status} ${s.contentType}, first bytes:\n      ${s.head.replace(/\n/g, '\n      ')}`);
          }
          if (!opts.force) throw new Error(`the peers do not answer ${FORMAT_LABEL[format]} alike (use --force to time anyway)\n${ms.logs()}`);
        }
      }
      log();

      if (opts.warmup > 0) {
        log(`warming up (${opts.warmup} s per peer and format) …`);
        const c = Math.max(...opts.concurrency);
        for (const { workload, format } of [...new Map(cases.map((k) => [`${k.workload} ${k.format}`, k])).values()]) for (const p of peers) {
          await runLoad({ ...requestOf(p, workload, format, opts.seed + 1_000_003), connections: c, seconds: opts.warmup });
        }
        log();
      }

      for (let round = 0; round < opts.rounds; round++) {
        log(`round ${round + 1}/${opts.rounds}`);
        for (const { workload, format, connections } of cases) {
          const order = round % 2 === 0 ? peers : [...peers].reverse();
          for (const p of order) {
            // The same pages or boxes for both peers.
            const stats = await runLoad({ ...requestOf(p, workload, format, opts.seed + round), connections, seconds: opts.duration });
            measurements.push({ round, workload, format, connections, peer: p.name, stats });
            const bad = stats.non2xx + stats.errors + stats.timeouts;
            log(`  ${workload.padEnd(5)} ${FORMAT_LABEL[format].padEnd(8)} c=${String(connections).padEnd(3)} ${p.name.padEnd(9)} ${fmt(stats.rps, 2).padStart(8)} req/s  ${String(stats.ok).padStart(5)} pages  p50 ${fmt(stats.p50, 0).padStart(5)} ms  p99 ${fmt(stats.p99, 0).padStart(5)} ms  ${fmt(stats.bytesPerSec / 2 ** 20).padStart(6)} MiB/s`
              + (bad ? `  !! ${stats.non2xx} non-2xx, ${stats.errors} errors, ${stats.timeouts} timeouts` : ''));
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      }
      if (measurements.some((m) => m.peer === 'MapServer' && m.stats.non2xx + m.stats.errors > 0)) log(`\n${ms.logs()}`);
    } finally {
      await ms?.stop();
      await ours?.stop();
    }
    summaries = cases.map(({ workload, format, connections }) => summarise(measurements, workload, format, connections));
    log();
  }

  if (opts.rss) {
    const expected = Math.min(bigTotal, RSS_MAX_FEATURES);
    for (const format of opts.rssFormats) {
      log(`streaming ${big.typeName} (${bigTotal.toLocaleString('en')} features) as ${FORMAT_LABEL[format]} from a fresh server (WFS_MAX_FEATURES=${RSS_MAX_FEATURES}, STATEMENT_TIMEOUT_MS=${RSS_STATEMENT_TIMEOUT_MS}) …`);
      const server = await startOurServer({ dir, databaseUrl: opts.databaseUrl, maxFeatures: RSS_MAX_FEATURES, statementTimeoutMs: RSS_STATEMENT_TIMEOUT_MS, label: `rss-${format}`, env: { WORKERS: '1' } });
      try {
        const peer: Peer = { name: 'ours', base: server.base, outputFormat: OUR_FORMATS };
        const result = await streamAndSample(getFeatureUrl(peer, big.typeName, format, undefined, 0), server.pid, format);
        const complete = result.status === 200 && !result.error && result.numberReturned === expected;
        rss.push({ format, expected, result, complete, pass: complete && mb(result.hwmKb) < RSS_GOAL_MB });
        log(`  HTTP ${result.status}, ${fmt(result.bytes / 2 ** 20)} MiB in ${fmt(result.seconds)} s, numberReturned ${result.numberReturned ?? '?'} of ${expected}; `
          + `RSS before ${fmt(mb(result.baselineKb), 0)} MB, peak sampled ${fmt(mb(result.peakSampledKb), 0)} MB, VmHWM ${fmt(mb(result.hwmKb), 0)} MB`);
        if (result.error) log(`  !! the stream broke off: ${result.error}; server log:\n    ${logTail(server.child.logFile, 5).replace(/\n/g, '\n    ')}`);
        if (!complete) log(`  !! incomplete answer; first bytes:\n    ${result.head.replace(/\n/g, '\n    ')}`);
      } finally {
        await server.stop();
      }
    }
    log();
  }

  // ---- the report
  log('='.repeat(100));
  if (summaries.length) {
    log(`GetFeature ${layer.typeName}, COUNT=${opts.count}, random STARTINDEX (pages) or random ${opts.bboxSide} m BBOX (bbox); medians of ${opts.rounds} rounds × ${opts.duration} s per peer and case`);
    log(`(MapServer: ${opts.mapserverWorkers} FastCGI workers behind nginx${opts.mapserverNumberMatched ? '' : ', numberMatched not counted'}; ours: ${ourProcesses()}; ratio = median of the per-round ratios)`);
    log();
    log(table(
      ['workload', 'format', 'c', 'ours req/s', 'MapServer req/s', 'ratio', 'ours p50/p99 ms', 'MapServer p50/p99 ms', 'pages', 'goal', 'result'],
      summaries.map((s) => [
        s.workload, FORMAT_LABEL[s.format], String(s.connections), fmt(s.ours.rps, 2), fmt(s.mapserver.rps, 2), `${fmt(s.ratio, 2)}×`,
        `${fmt(s.ours.p50, 0)} / ${fmt(s.ours.p99, 0)}`, `${fmt(s.mapserver.p50, 0)} / ${fmt(s.mapserver.p99, 0)}`,
        `${s.ours.pages}/${s.mapserver.pages}`, `≥ ${s.goal}×`, s.failures ? 'INVALID (errors)' : s.pass ? 'PASS' : 'FAIL',
      ]),
      2,
    ));
    const fewest = Math.min(...summaries.flatMap((s) => [s.ours.pages, s.mapserver.pages]));
    if (fewest < 10) log(`note: as few as ${fewest} pages per measurement: the figures are coarse; use a longer --duration`);
    log(`per-round ratios: ${summaries.map((s) => `${s.workload} ${FORMAT_LABEL[s.format]} c=${s.connections}: ${s.ratios.map((r) => fmt(r, 2)).join(' ')}`).join('; ')}`);
    log();
  }
  if (rss.length) {
    log(`Peak RSS of our server streaming ${big.typeName} whole (${bigTotal.toLocaleString('en')} features)`);
    log();
    log(table(
      ['format', 'features', 'MiB sent', 'seconds', 'features/s', 'RSS before', 'peak sampled', 'VmHWM', 'goal', 'result'],
      rss.map((r) => [
        FORMAT_LABEL[r.format], `${r.result.numberReturned ?? '?'}`, fmt(r.result.bytes / 2 ** 20, 0), fmt(r.result.seconds),
        fmt((r.result.numberReturned ?? 0) / r.result.seconds, 0), `${fmt(mb(r.result.baselineKb), 0)} MB`, `${fmt(mb(r.result.peakSampledKb), 0)} MB`,
        `${fmt(mb(r.result.hwmKb), 0)} MB`, `< ${RSS_GOAL_MB} MB`, !r.complete ? 'INCOMPLETE' : r.pass ? 'PASS' : 'FAIL',
      ]),
      1,
    ));
    if (bigTotal < 0.8 * RSS_LAYER_SIZE_GOAL) log(`note: the goal is stated for a ~${RSS_LAYER_SIZE_GOAL.toLocaleString('en')}-feature layer (the whole-city data set); this one has ${bigTotal.toLocaleString('en')}.`);
    log();
  }
  const verdicts = [...summaries.map((s) => s.pass && !s.failures), ...rss.map((r) => r.pass)];
  const allPass = verdicts.length > 0 && verdicts.every(Boolean);
  log(`goals: ${allPass ? 'ALL MET' : `${verdicts.filter(Boolean).length} of ${verdicts.length} met`}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the end (took ${fmt((Date.now() - started) / 60_000)} min)`);
  if (opts.keepTemp) log(`temp dir kept: ${dir}`);

  if (opts.json) {
    writeFileSync(opts.json, JSON.stringify({
      date: new Date().toISOString(), loadavg: os.loadavg(), options: { ...opts, databaseUrl: undefined }, database: facts, layer: layer.typeName, features: total,
      bigLayer: big.typeName, bigFeatures: bigTotal, summaries, measurements, rss,
    }, null, 2));
    log(`raw results: ${opts.json}`);
  }
  return opts.strict && !allPass ? 3 : 0;
}

function summarise(all: Measurement[], workload: Workload, format: Format, connections: number): CaseSummary {
  const of = (peer: PeerName) => all.filter((m) => m.workload === workload && m.format === format && m.connections === connections && m.peer === peer);
  const ours = of('ours');
  const theirs = of('MapServer');
  const agg = (ms: Measurement[]) => ({
    rps: median(ms.map((m) => m.stats.rps)), p50: median(ms.map((m) => m.stats.p50)), p99: median(ms.map((m) => m.stats.p99)),
    mbps: median(ms.map((m) => m.stats.bytesPerSec / 2 ** 20)),
    pages: median(ms.map((m) => m.stats.ok)),
  });
  const ratios = ours.map((o) => {
    const t = theirs.find((m) => m.round === o.round);
    return t && t.stats.rps > 0 ? o.stats.rps / t.stats.rps : NaN;
  });
  const ratio = median(ratios);
  const failures = [...ours, ...theirs].reduce((n, m) => n + m.stats.non2xx + m.stats.errors + m.stats.timeouts, 0);
  return { workload, format, connections, ours: agg(ours), mapserver: agg(theirs), ratio, ratios, failures, goal: GOALS[format], pass: ratio >= GOALS[format] };
}

await runBench('bench:wfs', async () => {
  const opts = parseOptions(process.argv.slice(2), process.env);
  if (opts === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  return main(opts);
});
