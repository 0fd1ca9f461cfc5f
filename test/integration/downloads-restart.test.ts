// A restart loses no accepted job: the real server (a child process) is killed with jobs queued and running; the
// next server resumes them from PostgreSQL and their files can be downloaded.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startServer, type RunningServer } from '../support/server.ts';
import { sampleCopy } from '../support/db.ts';

const drops: (() => Promise<void>)[] = [];
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL').catch(() => undefined);
  for (const d of drops) await d();
});

describe('extract jobs across a restart', () => {
  it('resumes the jobs a killed server had accepted', async () => {
    const db = await sampleCopy('sip_jobs');
    drops.push(db.drop);
    const env = {
      DATABASE_URL: db.url, DOWNLOADS_DIR: mkdtempSync(path.join(tmpdir(), 'jobs-restart-')),
      DOWNLOADS_CONCURRENCY: '1', DOWNLOADS_STALE_SECONDS: '1', WORKERS: '1',
    };
    const first = await startServer(env);
    servers.push(first);
    const body = JSON.stringify({ layers: ['egib:dzialki', 'egib:budynki', 'egib:kontury_uzytkow', 'gesut:przewody'], format: 'dxf',
      area: { bbox: [6426577, 5807863, 6428577, 5809863] } });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await fetch(`${first.url}/api/extracts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(r.status).toBe(202);
      ids.push(((await r.json()) as { id: string }).id);
    }
    await first.stop('SIGKILL');

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const before = await client.query<{ status: string }>('SELECT status FROM portal.zadania WHERE id = ANY($1)', [ids]);
      // The kill came while work was left: otherwise this test would prove nothing.
      expect(before.rows.filter((r) => r.status !== 'done').length).toBeGreaterThan(0);

      const second = await startServer(env);
      servers.push(second);
      let rows: { id: string; status: string; proby: number; blad: string | null }[] = [];
      for (let i = 0; i < 600; i++) {
        rows = (await client.query<{ id: string; status: string; proby: number; blad: string | null }>('SELECT id, status, proby, blad FROM portal.zadania WHERE id = ANY($1) ORDER BY utworzono', [ids])).rows;
        if (rows.every((r) => r.status === 'done')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(rows.map((r) => r.status), JSON.stringify(rows)).toEqual(ids.map(() => 'done'));
      const file = await fetch(`${second.url}/api/jobs/${ids.at(-1)}/file`);
      expect(file.status).toBe(200);
      expect((await file.text()).slice(0, 20)).toContain('SECTION');
      await second.stop();
    } finally {
      await client.end();
    }
  }, 300_000);
});
