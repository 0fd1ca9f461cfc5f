// Our service as `npm start` runs it: the compiled build (node build/main.js, built once per benchmark process with
// npm run build:server), on a free loopback port; BENCH_TSX=1 runs the sources through tsx instead.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, spawnChild, stopChild, waitForHttp, type Child } from './processes.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface OurServer {
  /** e.g. http://127.0.0.1:40124/ows? (append KVP) */
  base: string;
  pid: number;
  child: Child;
  stop(): Promise<void>;
}

const fromSources = () => process.env.BENCH_TSX === '1';

/** How the benchmarks run our server, as their reports name it. */
export function ourServerCommand(): string {
  return fromSources() ? 'node --import tsx server/main.ts' : 'node build/main.js';
}

let built = false;
/** The server's command line: the compiled build (made on first use) or, with BENCH_TSX=1, the sources. */
export function ourServerArgs(): string[] {
  if (fromSources()) return ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')];
  if (!built) { execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' }); built = true; }
  return [path.join(ROOT, 'build', 'main.js')];
}

export async function startOurServer(o: { dir: string; databaseUrl: string; maxFeatures?: number; statementTimeoutMs?: number; label: string; env?: Record<string, string> }): Promise<OurServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: o.databaseUrl,
    LOAD_SAMPLE_DATA: 'false',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: '',
    // The benchmarks download the sample data's GESUT and all EGiB attributes anonymously (README, DOWNLOAD_TERMS).
    DOWNLOAD_TERMS: process.env.DOWNLOAD_TERMS ?? 'open',
  };
  Object.assign(env, o.env);
  if (o.maxFeatures !== undefined) env.WFS_MAX_FEATURES = String(o.maxFeatures);
  if (o.statementTimeoutMs !== undefined) env.STATEMENT_TIMEOUT_MS = String(o.statementTimeoutMs);
  const child = spawnChild(`our server (${o.label})`, process.execPath, ourServerArgs(),
    { cwd: ROOT, env, logFile: path.join(o.dir, `ours-${o.label}.log`) });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/ows?SERVICE=WFS&REQUEST=GetCapabilities&VERSION=2.0.0`, child, 120_000);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { base: `${origin}/ows?`, pid: child.pid, child, stop: () => stopChild(child, 15_000) };
}
