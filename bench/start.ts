// bench:start — how long the service takes to start in embedded mode (no DATABASE_URL: PGlite + PostGIS), and
// its memory, in one run: a first start on a new data directory (template loaded, migrations, sample data,
// catalogue) and restarts on the directory it left, each timed from spawning `node build/main.js` to the first
// 200 of /health (which asks PostGIS its version, so PostGIS is loaded by then). Beside each, the floor measured in
// the same run: PGlite alone, without any extension, opening the same directory and answering SELECT 1.
// With --database-url (or DATABASE_URL) it also measures the idle RSS in PostgreSQL mode.
// Goals (issue 19 item 5): first start ≤ 20 s, restart ≤ 5 s, idle RSS in PostgreSQL mode ≤ 150 MB; the ratio
// printed is goal ÷ measured (≥ 1 meets it). Wall time depends on what else the machine runs, so the load average
// and the process's own CPU time (user + system, all threads) are printed too.
//   npm run bench:start [-- --restarts 3 --port 3360 --no-build --database-url postgres://…]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { optionReader } from './lib/cli.ts';
import { ROOT } from './lib/ours.ts';
import { makeTempDir, runBench, spawnChild, stopChild, logTail } from './lib/processes.ts';
import { readMemory } from './lib/rss.ts';
import { fmt, median, table } from './lib/report.ts';

const USAGE = `npm run bench:start [-- --restarts N (2) --port P (3360) --no-build --database-url URL]`;
const GOAL = { first: 20, restart: 5, idleRssMb: 150 };

interface Run { wall: number; cpu: number; rssMb: number; peakMb: number }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

/** user + system CPU seconds of a live process, all its threads (/proc/<pid>/stat fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

/** Starts `node build/main.js` with env, waits for /health 200, measures, stops it. */
async function timedStart(label: string, env: NodeJS.ProcessEnv, port: number, logDir: string, idleMs = 0): Promise<Run> {
  const started = performance.now();
  const child = spawnChild(label, process.execPath, [path.join(ROOT, 'build', 'main.js')],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }, logFile: path.join(logDir, `${label.replace(/\W+/g, '-')}.log`) });
  try {
    for (;;) {
      if (child.hasExited()) throw new Error(`${label} exited before /health answered:\n${logTail(child.logFile)}`);
      if (performance.now() - started > 900_000) throw new Error(`${label}: no /health 200 within 900 s`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(30_000) })
        .then(async (r) => { await r.arrayBuffer(); return r.status === 200; }, () => false);
      if (ok) break;
      await sleep(100);
    }
    const wall = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(child.pid);
    if (idleMs) await sleep(idleMs);
    const mem = readMemory(child.pid);
    return { wall, cpu, rssMb: (mem?.rssKb ?? NaN) / 1024, peakMb: (mem?.hwmKb ?? NaN) / 1024 };
  } finally {
    await stopChild(child, 30_000);
  }
}

/** PGlite without extensions opening `dir` and answering SELECT 1, in its own process: the floor of a restart. */
function bareOpen(dir: string): Run {
  const script = `
    const t = performance.now();
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create({ dataDir: ${JSON.stringify(dir)} });
    await db.query('SELECT 1');
    const wall = (performance.now() - t) / 1000;
    const u = process.cpuUsage();
    const m = process.memoryUsage().rss;
    await db.close();
    console.log(JSON.stringify({ wall, cpu: (u.user + u.system) / 1e6, rssMb: m / 2 ** 20 }));`;
  const started = performance.now();
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { wall: number; cpu: number; rssMb: number };
  // Wall from spawn, as for the server (Node's own start included).
  return { wall: (performance.now() - started) / 1000, cpu: r.cpu, rssMb: r.rssMb, peakMb: NaN };
}

async function main(): Promise<number> {
  const o = optionReader(process.argv.slice(2), process.env, ['restarts', 'port', 'no-build', 'database-url'], USAGE);
  if (o.help) { console.log(USAGE); return 0; }
  const restarts = o.num('restarts', 2, 1);
  const port = o.num('port', 3360, 1);
  const databaseUrl = o.optional('database-url') ?? o.flags.get('database-url') ?? process.env.DATABASE_URL;
  if (!o.bool('no-build')) execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' });

  const tmp = makeTempDir('sip-bench-start-');
  const dataDir = path.join(tmp, 'pglite');
  const embedded = { DATABASE_URL: '', EMBEDDED_DB_DIR: dataDir };
  console.log(`bench:start — node ${process.version}, ${os.cpus().length} cores, load average (1/5/15 min) at start ${load()}`);
  console.log(`data directory ${dataDir} (new), its extension cache beside it (new: the first start extracts PostGIS)`);

  const rows: string[][] = [];
  const row = (what: string, r: Run, goal?: number, floor?: number) => rows.push([
    what, fmt(r.wall), fmt(r.cpu), fmt(r.rssMb, 0), fmt(r.peakMb, 0),
    goal ? `≤ ${goal} s` : '', goal ? fmt(goal / r.wall, 2) : '', floor ? fmt(r.wall / floor, 2) : '',
  ]);

  const first = await timedStart('first start', embedded, port, tmp);
  const loadAfterFirst = load();
  const again: Run[] = [];
  for (let i = 0; i < restarts; i++) again.push(await timedStart(`restart ${i + 1}`, embedded, port, tmp));
  const floors: Run[] = [];
  for (let i = 0; i < Math.max(1, restarts); i++) floors.push(bareOpen(dataDir));
  const floor = median(floors.map((f) => f.wall));
  const restart: Run = {
    wall: median(again.map((r) => r.wall)), cpu: median(again.map((r) => r.cpu)),
    rssMb: median(again.map((r) => r.rssMb)), peakMb: median(again.map((r) => r.peakMb)),
  };
  row('first start (template, migrations, sample data)', first, GOAL.first);
  for (const [i, r] of again.entries()) row(`restart ${i + 1}`, r, undefined, floor);
  row(`restart, median of ${restarts}`, restart, GOAL.restart, floor);
  row('floor: PGlite alone opens the directory, SELECT 1', { ...floors[0]!, wall: floor, cpu: median(floors.map((f) => f.cpu)) });

  let idle: Run | undefined;
  if (databaseUrl) {
    idle = await timedStart('PostgreSQL mode', { DATABASE_URL: databaseUrl, LOAD_SAMPLE_DATA: 'false' }, port, tmp, 5_000);
    rows.push(['PostgreSQL mode: start, idle RSS 5 s after /health', fmt(idle.wall), fmt(idle.cpu), fmt(idle.rssMb, 0), fmt(idle.peakMb, 0),
      `≤ ${GOAL.idleRssMb} MB`, fmt(GOAL.idleRssMb / idle.rssMb, 2), '']);
  }

  console.log(`\n${table(['what', 'wall s', 'CPU s', 'RSS MB', 'peak MB', 'goal', 'goal ÷ measured', '÷ floor'], rows)}`);
  console.log(`\nRSS: at the first /health 200 (VmRSS); peak: VmHWM. CPU: user + system of the server process until then.`);
  console.log(`load average after the first start ${loadAfterFirst}; at the end ${load()}`);
  if (!databaseUrl) console.log('PostgreSQL mode idle RSS: not measured (give --database-url or DATABASE_URL)');
  const verdict = (name: string, ratio: number) => `${name} ${ratio >= 1 ? 'met' : 'MISSED'} (${fmt(ratio, 2)})`;
  console.log([verdict('first start', GOAL.first / first.wall), verdict('restart', GOAL.restart / restart.wall),
    ...(idle ? [verdict('idle RSS', GOAL.idleRssMb / idle.rssMb)] : [])].join('; '));
  return 0;
}

await runBench('bench:start', main);
