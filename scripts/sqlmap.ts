// npm run security:sqlmap — the fuller sqlmap scan, run by hand (minutes to an hour): level 3, risk 2, every
// technique (time-based blind too), on the WFS, OGC API (parameters and CQL2 filter), search and WMS parameters.
// Target: SQLMAP_BASE_URL if set (a running service), else this service started on DATABASE_URL (required then).
// Prints one line per target and exits 1 when sqlmap reached SQL anywhere.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import { SQLMAP_TARGETS, sqlmapArgs, sqlmapExploited, sqlmapFound, type SqlmapTarget } from './sqlmap-targets.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

const EXTRA: readonly SqlmapTarget[] = [
  {
    name: 'WMS GetFeatureInfo',
    path: '/ows?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetFeatureInfo&LAYERS=egib:dzialki&QUERY_LAYERS=egib:dzialki&STYLES=&SRS=EPSG:2177&BBOX=6421000,5804000,6421100,5804100&WIDTH=101&HEIGHT=101&X=50&Y=50&INFO_FORMAT=application/json&FEATURE_COUNT=5',
    params: ['LAYERS', 'QUERY_LAYERS', 'SRS', 'BBOX', 'X', 'FEATURE_COUNT', 'INFO_FORMAT'],
  },
  {
    name: 'OGC API feature',
    path: '/ogcapi/collections/dzialki/items/dzialki.1?crs=http://www.opengis.net/def/crs/EPSG/0/2177',
    params: ['crs'],
  },
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
  });
}

async function startService(): Promise<{ base: string; stop(): void }> {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL (a migrated database with data) or SQLMAP_BASE_URL');
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOAD_SAMPLE_DATA: 'false' },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try { if ((await fetch(`${base}/health`)).ok) return { base, stop: () => child.kill('SIGTERM') }; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error('the service did not start');
}

async function main(): Promise<void> {
  const service = process.env.SQLMAP_BASE_URL ? { base: process.env.SQLMAP_BASE_URL.replace(/\/+$/, ''), stop: () => undefined } : await startService();
  const out = mkdtempSync(path.join(tmpdir(), 'sip-sqlmap-'));
  let bad = 0;
  try {
    for (const t of [...SQLMAP_TARGETS, ...EXTRA]) {
      const started = Date.now();
      const { stdout } = await promisify(execFile)('sqlmap', sqlmapArgs(service.base + t.path, t.params, out, true), { maxBuffer: 256 * 1024 * 1024 });
      const requests = /total of (\d+) HTTP\(s\) requests/.exec(stdout)?.[1] ?? [...stdout.matchAll(/testing '/g)].length + ' tests';
      const exploited = sqlmapExploited(stdout);
      const found = sqlmapFound(stdout);
      const verdict = exploited ? 'SQL REACHED' : found ? (t.queryLanguage ? 'boolean logic of the filter language only; no DBMS fingerprint' : 'INJECTION REPORTED') : 'not injectable';
      if (exploited || (found && !t.queryLanguage)) bad++;
      console.log(`${t.name.padEnd(24)} ${t.params.join(',').padEnd(60)} ${verdict} (${Math.round((Date.now() - started) / 1000)} s, ${requests})`);
    }
  } finally {
    service.stop();
    rmSync(out, { recursive: true, force: true });
  }
  console.log(bad === 0 ? 'sqlmap: 0 findings' : `sqlmap: ${bad} finding(s)`);
  process.exit(bad === 0 ? 0 : 1);
}

main().catch((err: Error) => { console.error(err.message); process.exit(2); });
