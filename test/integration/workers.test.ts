// Worker supervision with WORKERS > 1 (issue 14, item 7): the real server as a Node cluster on a fresh database;
// the worker running an extract job is killed (SIGKILL) mid-job. The primary replaces it, the job is taken up again
// (heartbeat gone stale: DOWNLOADS_STALE_SECONDS) and completes once; its file downloaded once is one row of the
// download register.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startServer, type RunningServer } from '../support/server.ts';
import { sampleCopy } from '../support/db.ts';

const drops: (() => Promise<void>)[] = [];
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop('SIGTERM').catch(() => undefined);
  for (const d of drops) await d();
});

async function until<T>(what: () => T | Promise<T>, ok: (v: T) => boolean, tries = 900): Promise<T> {
  let v = await what();
  for (let i = 0; i < tries && !ok(v); i++) { await new Promise((r) => setTimeout(r, 200)); v = await what(); }
  return v;
}

describe('worker supervision', () => {
  it('replaces a killed worker and completes its extract job once, with one register row', async () => {
    const db = await sampleCopy('sip_workers');
    drops.push(db.drop);
    server = await startServer({ DATABASE_URL: db.url, WORKERS: '2', DOWNLOADS_DIR: mkdtempSync(path.join(tmpdir(), 'workers-')),
      DOWNLOADS_CONCURRENCY: '1', DOWNLOADS_STALE_SECONDS: '4', RENDER_THREADS: '1' });
    // Both workers listen (the first "listening" line resolved startServer).
    await until(() => server!.logs.filter((l) => String(l.msg).startsWith('SIP Poznań listening')).length, (n) => n >= 2);
    const r = await fetch(`${server.url}/api/extracts`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ layers: ['egib:dzialki', 'egib:budynki', 'egib:kontury_uzytkow', 'gesut:przewody'], format: 'dxf', area: { bbox: [6426577, 5807863, 6428577, 5809863] } }) });
    expect(r.status).toBe(202);
    const { id } = await r.json() as { id: string };
    const started = await until(() => server!.logs.find((l) => l.msg === 'downloads: job started' && l.job === id), (l) => l !== undefined);
    const victim = Number(started!.pid);
    process.kill(victim, 'SIGKILL');

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const [before] = (await client.query<{ status: string }>('SELECT status FROM portal.zadania WHERE id = $1', [id])).rows;
      // The kill came mid-job: otherwise this test would prove nothing.
      expect(before!.status).toBe('running');
      const replaced = await until(() => server!.logs.find((l) => l.msg === 'worker died: starting another' && l.pid === victim), (l) => l !== undefined);
      expect(replaced).toBeDefined();
      const row = await until(async () => (await client.query<{ status: string; proby: number }>('SELECT status, proby FROM portal.zadania WHERE id = $1', [id])).rows[0]!, (j) => j.status === 'done' || j.status === 'failed');
      expect(row.status).toBe('done');
      // Taken up again after the kill (more than once if a heartbeat came late on a busy machine), completed once.
      expect(row.proby).toBeGreaterThanOrEqual(2);
      const runs = server.logs.filter((l) => l.msg === 'downloads: job started' && l.job === id);
      expect(runs.length).toBe(row.proby);
      expect(runs.slice(1).every((l) => l.pid !== victim)).toBe(true);
      expect(server.logs.filter((l) => l.msg === 'downloads: job done' && l.job === id).length).toBe(1);
      const file = await fetch(`${server.url}/api/jobs/${id}/file`);
      expect(file.status).toBe(200);
      expect((await file.text()).slice(0, 20)).toContain('SECTION');
      const register = await until(async () => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM portal.pobrania WHERE zadanie_id = $1', [id])).rows[0]!.n), (n) => n >= 1, 50);
      expect(register).toBe(1);
      // The service as a whole stayed up.
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      expect(server.proc.exitCode).toBeNull();
    } finally {
      await client.end();
    }
  }, 600_000);
});
