// The real server process on the sample database: health, landing page, problems, graceful shutdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectSample, sampleUrl } from '../support/db.ts';

let server: RunningServer;
const db = connectSample();
beforeAll(async () => { server = await startServer({ DATABASE_URL: sampleUrl() }); });
afterAll(async () => { await server?.stop(); await db.close(); });

describe('HTTP server', () => {
  it('reports health with versions and feature counts', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    const body = await res.json() as { status: string; database: Record<string, unknown>; features: Record<string, number> };
    expect(body.status).toBe('ok');
    expect(body.database).toMatchObject({ reachable: true, mode: 'postgres' });
    expect(String(body.database.postgres)).toMatch(/^1[5-9]/);
    expect(String(body.database.postgis)).toMatch(/^3\.[3-9]/);
    const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM egib.dzialki');
    expect(body.features['egib.dzialki']).toBe(row!.n);
    expect(Object.keys(body.features)).toEqual(expect.arrayContaining(['egib.budynki', 'gesut.przewody', 'sip.drzewa']));
  });

  it('serves the landing page', async () => {
    const res = await fetch(server.url + '/');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('SIP Poznań');
  });

  it('answers an unknown path with a JSON problem, no stack trace', async () => {
    const res = await fetch(`${server.url}/nie/ma/takiej`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const body = await res.json() as Record<string, unknown>;
    expect(body).toMatchObject({ status: 404, title: 'Not Found' });
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(/);
  });

  it('writes JSON logs with one line per request', () => {
    expect(server.logs.some((l) => l.msg === 'request' && l.url === '/health' && l.status === 200)).toBe(true);
  });

  it('finishes in-flight requests and exits 0 on SIGTERM', async () => {
    // Settled from the start: a request refused while the server stops must not be an unhandled rejection.
    const inflight = Promise.allSettled(Array.from({ length: 5 }, () => fetch(`${server.url}/health`).then((r) => r.status)));
    await new Promise((r) => setTimeout(r, 5));
    const code = await server.stop('SIGTERM');
    expect(code).toBe(0);
    const statuses = await inflight;
    // Requests the server had accepted complete; ones that arrived after the listener closed are refused, not hung.
    for (const s of statuses) if (s.status === 'fulfilled') expect(s.value).toBe(200);
    expect(server.logs.some((l) => l.msg === 'stopped')).toBe(true);
  });
});

describe('several worker processes (WORKERS=2)', () => {
  it('starts two workers sharing the port, answers, and stops them all on SIGTERM', async () => {
    const cluster = await startServer({ DATABASE_URL: sampleUrl(), WORKERS: '2' });
    try {
      const pids = new Set<number>();
      const listening = () => cluster.logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('SIP Poznań listening'));
      for (let i = 0; i < 100 && listening().length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${cluster.url}/health`, { headers: { connection: 'close' } });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
      for (const l of listening()) pids.add(l.pid as number);
      expect(pids.size).toBe(2);
    } finally {
      expect(await cluster.stop('SIGTERM')).toBe(0);
    }
  });
});
