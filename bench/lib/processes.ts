// Child processes and temp dirs of the benchmark, and their clean-up on every way out: normal end,
// error, Ctrl-C (SIGINT), SIGTERM. Each child runs in its own process group (detached), so stopping
// it also stops what it started (our server's esbuild service, nginx's workers); the FastCGI workers
// that spawn-fcgi daemonises are tracked by their pids.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** File the child's stdout and stderr go to. */
  logFile: string;
  /** Resolves with the exit code (or the signal's name) when the child has exited. */
  exited: Promise<number | string>;
  hasExited: () => boolean;
}

const children = new Set<Child>();
const loosePids = new Map<number, string>();
const tempDirs = new Set<string>();
const cleanupHooks: Array<() => void> = [];

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Keep the temp dirs at the end (for --keep-temp). */
export function keepTempDirs(): void {
  tempDirs.clear();
}

/** Runs `hook` on clean-up, e.g. to stop a load generator that is running. */
export function onCleanup(hook: () => void): void {
  cleanupHooks.push(hook);
}

export function spawnChild(name: string, command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string }): Child {
  const fd = openSync(opts.logFile, 'a');
  const proc = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    proc.once('exit', (code, signal) => { done = true; resolve(code ?? signal ?? 'unknown'); });
    proc.once('error', (err) => { done = true; resolve(`spawn error: ${err.message}`); });
  });
  if (proc.pid === undefined) throw new Error(`cannot start ${name}: ${command}`);
  const child: Child = { name, proc, pid: proc.pid, logFile: opts.logFile, exited, hasExited: () => done };
  children.add(child);
  void exited.then(() => children.delete(child));
  return child;
}

/** Registers a process this benchmark started but does not parent (a daemonised FastCGI worker). */
export function trackPid(pid: number, name: string): void {
  loosePids.set(pid, name);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try { process.kill(pid, signal); } catch { /* gone */ }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function stopChild(child: Child, graceMs = 5_000): Promise<void> {
  if (!child.hasExited()) {
    signalGroup(child.pid, 'SIGTERM');
    const timer = sleep(graceMs).then(() => 'timeout' as const);
    if ((await Promise.race([child.exited, timer])) === 'timeout') {
      signalGroup(child.pid, 'SIGKILL');
      await child.exited;
    }
  }
  signalGroup(child.pid, 'SIGKILL'); // whatever is left in its group (e.g. esbuild)
  children.delete(child);
}

export async function stopPid(pid: number, graceMs = 3_000): Promise<void> {
  loosePids.delete(pid);
  if (!alive(pid)) return;
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  const until = Date.now() + graceMs;
  while (alive(pid) && Date.now() < until) await sleep(50);
  if (alive(pid)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
}

export async function cleanupAll(): Promise<void> {
  for (const hook of cleanupHooks.splice(0)) try { hook(); } catch { /* best effort */ }
  await Promise.all([...children].map((c) => stopChild(c)));
  await Promise.all([...loosePids.keys()].map((pid) => stopPid(pid)));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Last resort on process exit: synchronous SIGKILL of whatever is still running, temp dirs removed. */
function cleanupSync(): void {
  for (const c of children) if (!c.hasExited()) signalGroup(c.pid, 'SIGKILL');
  for (const pid of loosePids.keys()) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  for (const dir of tempDirs) try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
}

let installed = false;
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) { cleanupSync(); process.exit(130); }
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping the servers and cleaning up …\n`);
    void cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('exit', cleanupSync);
}

/** The last lines of a child's log, for error messages. */
export function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `url` until it answers with `expectStatus`; fails early when the child dies. */
export async function waitForHttp(url: string, child: Child | undefined, timeoutMs: number, expectStatus = 200): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (child?.hasExited()) throw new Error(`${child.name} exited (${await child.exited}) before answering ${url}:\n${logTail(child.logFile)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === expectStatus) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${child?.name ?? url} did not answer within ${timeoutMs / 1000} s (${last})${child ? `:\n${logTail(child.logFile)}` : ''}`);
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs a benchmark's main function as the whole program: signal handlers first, every child process and temp
 * dir cleaned up whatever happens, the exit code from main (1 on an error, reported without a stack trace).
 */
export async function runBench(name: string, main: () => Promise<number>): Promise<never> {
  installSignalHandlers();
  let code = 1;
  try {
    code = await main();
  } catch (err) {
    process.stderr.write(`\n${name} failed: ${(err as Error).message}\n`);
    code = 1;
  } finally {
    await cleanupAll();
  }
  process.exit(code);
}

/** How our server runs, for the report headers (WORKERS is passed through to it from the environment). */
export function ourProcesses(): string {
  const w = process.env.WORKERS;
  return !w || w === '1' ? '1 Node process' : `${w === 'auto' ? 'one per core' : w} Node worker processes (WORKERS=${w})`;
}
