// Database outage: the real server (npm start's entry point) on its own throwaway PostgreSQL cluster, which this
// test stops and starts again (never the shared cluster of the other test files). While the database is down every
// service answers 503 in its protocol's terms with Retry-After, /health says so, the process stays up; when the
// database is back the service resumes by itself. Also: graceful shutdown finishes requests in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createCluster, type Cluster } from '../support/pg-cluster.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../server/db/index.ts';
import { sampleUrl } from '../support/db.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';
import { Browser } from '../security/browser-session.ts';

let cluster: Cluster;
let server: RunningServer;
let key: string;

beforeAll(async () => {
  cluster = await createCluster();
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE sip_outage');
  await admin.end();
  const db = new PostgresDatabase({ connectionString: cluster.url('sip_outage'), poolSize: 2, statementTimeoutMs: 120_000 });
  try {
    await migrate(db, MIGRATIONS_DIR);
    const user = await createUser(db, 'awaria_geodeta', 'awaria@example.pl', 'Poprawne-Haslo-2026!', 'geodeta');
    key = (await createApiKey(db, user.id, 'test')).key;
  } finally {
    await db.close();
  }
  // ADMIN_*: the first administrator is created at start (checked below).
  server = await startServer({ DATABASE_URL: cluster.url('sip_outage'), LOAD_SAMPLE_DATA: 'false', AUTH_CACHE_MS: '0',
    ADMIN_LOGIN: 'pierwszy_admin', ADMIN_PASSWORD: 'Haslo-Administratora-1' });
}, 300_000);

afterAll(async () => {
  await server?.stop();
  cluster?.destroy();
});

/** A request with a hang guard (a hung connection fails the test); the elapsed milliseconds are reported, not asserted. */
async function timed(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers; ms: number }> {
  const started = performance.now();
  const r = await fetch(server.url + path, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await r.text();
  return { status: r.status, text, headers: r.headers, ms: Math.round(performance.now() - started) };
}

const REQUESTS: [string, string, RegExp][] = [
  ['WFS GetFeature', '/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&COUNT=1', /ows:ExceptionReport/],
  ['WFS POST', '/ows', /ows:ExceptionReport/],
  ['WMS GetMap', '/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=egib:dzialki&STYLES=&CRS=EPSG:2177&BBOX=5804000,6421000,5805000,6422000&WIDTH=256&HEIGHT=256&FORMAT=image/png', /ServiceExceptionReport/],
  ['OGC API items', '/ogcapi/collections/dzialki/items?limit=1', /"status":503/],
  ['vector tile', '/tiles/egib/16/35818/21339.mvt', /"status":503/],
  ['search', '/api/search?q=Garbary', /"status":503/],
  ['session', '/api/session', /"status":503/],
];

const POST_BODY = '<wfs:GetFeature xmlns:wfs="http://www.opengis.net/wfs/2.0" service="WFS" version="2.0.0" count="1"><wfs:Query typeNames="egib:dzialki"/></wfs:GetFeature>';

describe('administrator bootstrap', () => {
  it('creates the administrator from ADMIN_LOGIN at start, who can log in to the admin page', async () => {
    const b = new Browser(server.url);
    expect((await b.login('pierwszy_admin', 'Haslo-Administratora-1')).status).toBe(303);
    expect((await b.get('/admin/uzytkownicy')).status).toBe(200);
  });
});

describe('database outage', () => {
  it('serves normally while the database is up', async () => {
    expect((await timed('/health')).status).toBe(200);
    expect((await timed(REQUESTS[0]![1])).status).toBe(200);
    expect((await timed('/ogcapi/collections/dzialki/items?limit=1', { headers: { 'X-API-Key': key } })).status).toBe(200);
  });

  it('answers 503 with Retry-After in each protocol\'s terms while it is down, and stays up', async () => {
    cluster.stop();
    const timings: Record<string, number[]> = {};
    // Twice: the first request finds the outage, the next ones are answered by the gate at once.
    for (let round = 0; round < 2; round++) {
      for (const [name, path, body] of REQUESTS) {
        const init: RequestInit = name === 'WFS POST' ? { method: 'POST', body: POST_BODY, headers: { 'content-type': 'application/xml' } } : {};
        const r = await timed(path, init);
        (timings[name] ??= []).push(r.ms);
        expect(r.status, `${name}: ${r.text.slice(0, 200)}`).toBe(503);
        expect(r.text, name).toMatch(body);
        expect(r.headers.get('retry-after'), name).toBe('5');
        expect(r.text).not.toMatch(/ECONNREFUSED|at \w+ \(|\.ts:\d+/);
      }
      const keyed = await timed('/ogcapi/collections/dzialki/items?limit=1', { headers: { 'X-API-Key': key } });
      expect(keyed.status).toBe(503);
    }
    const health = await timed('/health');
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text)).toMatchObject({ status: 'unavailable', database: { reachable: false } });
    // The static landing page needs no database.
    expect((await timed('/')).status).toBe(200);
    expect(server.proc.exitCode).toBeNull();
    console.log('answer times while the database was down (ms, first and second round):', JSON.stringify(timings), 'health:', health.ms);
  });

  it('resumes by itself when the database is back', async () => {
    cluster.start();
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await timed(REQUESTS[0]![1])).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    for (const [name, path] of REQUESTS) {
      const init: RequestInit = name === 'WFS POST' ? { method: 'POST', body: POST_BODY, headers: { 'content-type': 'application/xml' } } : {};
      const r = await timed(path, init);
      expect(r.status, `${name}: ${r.text.slice(0, 200)}`).toBeLessThan(300);
    }
    expect((await timed('/health')).status).toBe(200);
    expect((await timed('/ogcapi/collections/dzialki/items?limit=1', { headers: { 'X-API-Key': key } })).status).toBe(200);
    expect(server.logs.some((l) => l.msg === 'database available again')).toBe(true);
    expect(server.proc.exitCode).toBeNull();
  });
});

describe('graceful shutdown', () => {
  it('completes the map renderings in flight on SIGTERM', async () => {
    const s = await startServer({ DATABASE_URL: sampleUrl(), LOAD_SAMPLE_DATA: 'false', TILE_CACHE_MB: '0' });
    const map = (i: number) => `${s.url}/wms?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetMap&LAYERS=egib:dzialki,egib:budynki,gesut:przewody&STYLES=&SRS=EPSG:2177&BBOX=${6420500 + i},5803500,6422500,5805500&WIDTH=2048&HEIGHT=2048&FORMAT=image/png`;
    const inflight = Array.from({ length: 6 }, (_, i) => fetch(map(i)).then(async (r) => ({ status: r.status, bytes: Buffer.from(await r.arrayBuffer()) })));
    await new Promise((r) => setTimeout(r, 100));
    // The kernel has queued the six connections by now; an answer on a later one means the server has accepted and
    // read them all (connections are accepted in order), so they are in flight whatever the machine's load.
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    const code = await s.stop('SIGTERM');
    expect(code).toBe(0);
    for (const r of await Promise.all(inflight)) {
      expect(r.status).toBe(200);
      // A whole PNG: the IEND chunk at the end.
      expect(r.bytes.subarray(-8, -4).toString('latin1')).toBe('IEND');
    }
  });
});
