// Parameters of `npm run bench:wfs`: flags (--name=value or --name value) win over BENCH_* variables.
import os from 'node:os';

export type Format = 'geojson' | 'gml32';
export type Workload = 'pages' | 'bbox';
export const FORMATS: readonly Format[] = ['geojson', 'gml32'];

export interface Options {
  databaseUrl: string;
  /** Seconds of one measurement (one peer, one case, one round). */
  duration: number;
  rounds: number;
  /** Seconds of warm-up per peer and format before the first round (not reported). */
  warmup: number;
  /** Features per GetFeature page. */
  count: number;
  concurrency: number[];
  formats: Format[];
  /** Type name of the paged layer (ours; MapServer serves the same table under the same name). */
  layer: string;
  /** Type name of the layer streamed whole for the RSS measurement. */
  bigLayer: string;
  rssFormats: Format[];
  /** Workloads: random pages (STARTINDEX) and random boxes (BBOX). */
  workloads: Workload[];
  /** Formats of the BBOX workload. */
  bboxFormats: Format[];
  /** Side of a BBOX workload's box, metres. */
  bboxSide: number;
  /** FastCGI worker processes of MapServer. */
  mapserverWorkers: number;
  /** MapServer counts numberMatched on every request, as ours does (wfs_compute_number_matched). */
  mapserverNumberMatched: boolean;
  seed: number;
  throughput: boolean;
  rss: boolean;
  /** Run bench/setup-debian.sh when MapServer, spawn-fcgi or nginx is missing. */
  install: boolean;
  keepTemp: boolean;
  /** Write all raw results to this JSON file. */
  json: string | undefined;
  /** Exit with status 3 when a goal is missed. */
  strict: boolean;
  /** Go on timing even when the sample requests of the peers disagree. */
  force: boolean;
}

export const USAGE = `Usage: DATABASE_URL=postgres://… npm run bench:wfs -- [options]

Compares this service's WFS 2.0 GetFeature with MapServer 8 (FastCGI behind nginx) on the same PostGIS,
and measures the peak RSS of our server while it streams a whole large layer.

Options (or the BENCH_<NAME> environment variable, e.g. BENCH_DURATION=10):
  --duration=S          seconds per measurement (one peer, one case, one round)   [15]
  --rounds=N            interleaved rounds; medians are reported                  [3]
  --warmup=S            warm-up seconds per peer and format before round 1        [3]
  --count=N             features per page (COUNT)                                 [1000]
  --concurrency=LIST    client connections                                        [1,4]
  --formats=LIST        formats of the paging workload: geojson,gml32             [geojson,gml32]
  --workloads=LIST      pages (random STARTINDEX), bbox (random boxes)            [pages,bbox]
  --bbox-formats=LIST   formats of the BBOX workload                              [geojson]
  --bbox-side=M         side of a random box, metres                              [500]
  --layer=NAME          paged layer                                               [egib:dzialki]
  --big-layer=NAME      layer streamed whole for the RSS figure                   [gesut:przewody]
  --rss-formats=LIST    formats of the RSS run                                    [geojson,gml32]
  --mapserver-workers=N MapServer FastCGI processes                               [cores: ${os.availableParallelism()}]
  --no-number-matched   MapServer answers numberMatched="unknown" (its default) instead of counting
                        on every request as ours does
  --seed=N              seed of the STARTINDEX sequence                           [1]
  --skip-throughput     only the RSS run
  --skip-rss            only the throughput comparison
  --no-install          do not run bench/setup-debian.sh when MapServer/nginx is missing
  --keep-temp           keep the temp dir (mapfile, nginx.conf, logs)
  --json=FILE           write the raw results as JSON
  --strict              exit with status 3 when a goal is missed
  --force               time even when the peers' sample answers disagree
`;

export function parseArgv(argv: string[], usage = USAGE): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"\n\n${usage}`);
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (/^--(skip-|no-|keep-|strict|force|help|sizes-only)/.test(a)) flags.set(a.slice(2), 'true');
    else {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`${a} needs a value`);
      flags.set(a.slice(2), v);
      i++;
    }
  }
  return flags;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const flags = parseArgv(argv);
  if (flags.has('help') || flags.has('h')) return 'help';
  const known = new Set(['duration', 'rounds', 'warmup', 'count', 'concurrency', 'formats', 'layer', 'big-layer', 'rss-formats', 'mapserver-workers',
    'seed', 'workloads', 'bbox-formats', 'bbox-side', 'skip-throughput', 'skip-rss', 'no-install', 'no-number-matched', 'keep-temp', 'json', 'strict', 'force', 'database-url']);
  for (const k of flags.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}\n\n${USAGE}`);
  const get = (name: string): string | undefined => flags.get(name) ?? env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const num = (name: string, fallback: number, min: number): number => {
    const v = get(name);
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${v}"`);
    return n;
  };
  const bool = (name: string): boolean => ['1', 'true', 'yes', 'on'].includes((get(name) ?? '').toLowerCase());
  const formats = (name: string, fallback: readonly Format[]): Format[] => {
    const v = get(name);
    if (!v) return [...fallback];
    const list = v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    for (const f of list) if (!(FORMATS as readonly string[]).includes(f)) throw new Error(`--${name}: unknown format "${f}" (geojson, gml32)`);
    return list as Format[];
  };
  const databaseUrl = flags.get('database-url') ?? env.DATABASE_URL;
  if (!databaseUrl) throw new Error(`DATABASE_URL is required: a PostgreSQL with PostGIS, migrated and loaded with a data set\n\n${USAGE}`);
  const concurrency = (get('concurrency') ?? '1,4').split(',').map((s) => Number(s.trim()));
  if (concurrency.some((c) => !Number.isInteger(c) || c < 1)) throw new Error('--concurrency must be a list of positive integers');
  return {
    databaseUrl,
    duration: num('duration', 15, 1),
    rounds: Math.round(num('rounds', 3, 1)),
    warmup: num('warmup', 3, 0),
    count: Math.round(num('count', 1000, 1)),
    concurrency,
    formats: formats('formats', FORMATS),
    layer: get('layer') ?? 'egib:dzialki',
    bigLayer: get('big-layer') ?? 'gesut:przewody',
    rssFormats: formats('rss-formats', FORMATS),
    workloads: (() => {
      const list = (get('workloads') ?? 'pages,bbox').split(',').map((s) => s.trim()).filter(Boolean);
      for (const w of list) if (w !== 'pages' && w !== 'bbox') throw new Error(`--workloads: unknown workload "${w}" (pages, bbox)`);
      return list as Workload[];
    })(),
    bboxFormats: formats('bbox-formats', ['geojson']),
    bboxSide: num('bbox-side', 500, 1),
    mapserverWorkers: Math.round(num('mapserver-workers', os.availableParallelism(), 1)),
    mapserverNumberMatched: !bool('no-number-matched'),
    seed: Math.round(num('seed', 1, 0)),
    throughput: !bool('skip-throughput'),
    rss: !bool('skip-rss'),
    install: !bool('no-install'),
    keepTemp: bool('keep-temp'),
    json: get('json') || undefined,
    strict: bool('strict'),
    force: bool('force'),
  };
}
