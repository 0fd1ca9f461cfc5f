// Faults and self-inflicted outages (issue 14, items 1–2), on the real server and its own throwaway PostgreSQL
// cluster with the sample data, which this file stops and starts again:
// - PostgreSQL stopping during a streamed GetFeature, an extract download and a map-sheet render: the process lives
//   on (same pid), each response ends (complete or visibly cut, never hung), and the service recovers by itself;
// - more slow downloads than the pool has connections: maps, tiles, /health and WFS pages still answer 200; a
//   client over its download cap gets 429 with Retry-After;
// - requests for missing static files never switch the service to "database down".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import pg from 'pg';
import { createCluster, type Cluster } from '../support/pg-cluster.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../server/db/index.ts';
import { loadDataSetIfEmpty } from '../../server/db/sample-data.ts';
import { loadConfig } from '../../server/config.ts';
import { sheetAt } from '../../server/domain/sheets.ts';
import { clientBuilt } from '../../server/http/client.ts';

const POOL = 3;
let cluster: Cluster;
let server: RunningServer;
let TILE = '';

beforeAll(async () => {
  cluster = await createCluster();
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE sip_faults');
  await admin.end();
  const db = new PostgresDatabase({ connectionString: cluster.url('sip_faults'), poolSize: 2, statementTimeoutMs: 600_000 });
  try {
    await migrate(db, MIGRATIONS_DIR);
    await loadDataSetIfEmpty(db, loadConfig({}).sampleDataDir);
    // A z16 tile in the middle of the sample district (a full one).
    const [c] = await db.query<{ lon: number; lat: number }>('SELECT ST_X(p) lon, ST_Y(p) lat FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(6427577, 5808863), 2177), 4326) p) s');
    const n = 2 ** 16;
    const phi = (c!.lat * Math.PI) / 180;
    TILE = `/tiles/egib/16/${Math.floor(((c!.lon + 180) / 360) * n)}/${Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n)}.mvt`;
  } finally {
    await db.close();
  }
  server = await startServer({ DATABASE_URL: cluster.url('sip_faults'), LOAD_SAMPLE_DATA: 'false', DB_POOL_SIZE: String(POOL),
    DB_STREAM_POOL_SIZE: '2', DOWNLOADS_PER_CLIENT: String(POOL + 5 + 2), TILE_CACHE_MB: '0', AUTH_CACHE_MS: '0' });
}, 600_000);

afterAll(async () => {
  await server?.stop();
  cluster?.destroy();
});

/** A GET whose body is read only when asked: a slow client. `ended` resolves when the response is over, either way. */
interface SlowGet { text(): string; status: Promise<number>; headers: Promise<http.IncomingHttpHeaders>; bytes(): number; resume(): void; ended: Promise<{ complete: boolean; bytes: number }>; abort(): void }

function slowGet(url: string, firstBytes = 1): SlowGet {
  let received = 0;
  let text = '';
  let res: http.IncomingMessage | undefined;
  let resolveStatus!: (n: number) => void;
  let resolveHeaders!: (h: http.IncomingHttpHeaders) => void;
  const status = new Promise<number>((r) => { resolveStatus = r; });
  const headers = new Promise<http.IncomingHttpHeaders>((r) => { resolveHeaders = r; });
  let req!: http.ClientRequest;
  const ended = new Promise<{ complete: boolean; bytes: number }>((resolve) => {
    req = http.get(url, { agent: false }, (r) => {
      res = r;
      resolveStatus(r.statusCode ?? 0);
      resolveHeaders(r.headers);
      r.on('data', (d: Buffer) => { received += d.length; if (r.statusCode !== 200) text += d.toString(); if (received >= firstBytes && r.statusCode === 200) r.pause(); });
      r.on('end', () => resolve({ complete: r.complete, bytes: received }));
      r.on('aborted', () => resolve({ complete: false, bytes: received }));
      r.on('error', () => resolve({ complete: false, bytes: received }));
      r.on('close', () => resolve({ complete: r.complete, bytes: received }));
    });
    req.on('error', () => { resolveStatus(0); resolve({ complete: false, bytes: received }); });
  });
  return {
    status, headers, ended, text: () => text,
    bytes: () => received,
    resume: () => { if (res) { res.removeAllListeners('data'); res.on('data', (d: Buffer) => { received += d.length; }); res.resume(); } },
    abort: () => req.destroy(),
  };
}

/** A request with a hang guard: a response that takes longer than `ms` fails the test (a correctness bound, not a benchmark). */
async function get(path: string, ms = 10_000): Promise<{ status: number; text: string }> {
  const r = await fetch(server.url + path, { signal: AbortSignal.timeout(ms) });
  return { status: r.status, text: await r.text() };
}

async function waitFor<T>(what: () => Promise<T>, ok: (v: T) => boolean, tries = 150): Promise<T> {
  let v = await what().catch(() => undefined as T);
  for (let i = 0; i < tries && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 200));
    v = await what().catch(() => undefined as T);
  }
  return v;
}

const withGuard = <T>(p: Promise<T>, ms: number, what: string) => Promise.race([p,
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no end after ${ms} ms (hung)`)), ms).unref())]);

const GETFEATURE = '/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=gesut:przewody&COUNT=18077';
const EXTRACT = '/api/extract?layers=gesut:przewody&format=gml&bbox=6426577,5807863,6428577,5809863';
const GETMAP = '/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=egib:dzialki&STYLES=&CRS=EPSG:2177&BBOX=5808000,6427000,5809000,6428000&WIDTH=256&HEIGHT=256&FORMAT=image/png';
const WFS_PAGE = '/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&COUNT=10';

describe('PostgreSQL stops and starts during streams, downloads and renders', () => {
  it('keeps the process, ends every response, and recovers without a restart', async () => {
    const pid = server.proc.pid;
    const stream = slowGet(server.url + GETFEATURE, 64 * 1024);
    const download = slowGet(server.url + EXTRACT, 1);
    expect(await stream.status).toBe(200);
    expect(await download.status).toBe(200);
    // Let the GetFeature's cursor fill the socket and wait paused on the slow client, its connection checked out.
    await new Promise((r) => setTimeout(r, 500));
    const godlo = sheetAt(1000, 6427200, 5808300)!.godlo;
    const sheet = fetch(`${server.url}/api/sheets/${godlo}/map.pdf?dpi=150`).then(async (r) => ({ status: r.status, body: await r.arrayBuffer().then(() => 'whole', () => 'cut') }), () => ({ status: 0, body: 'cut' }));
    await new Promise((r) => setTimeout(r, 50));
    cluster.stop();
    try {
      stream.resume();
      download.resume();
      const [s, d, m] = await Promise.all([withGuard(stream.ended, 30_000, 'GetFeature'), withGuard(download.ended, 30_000, 'extract'), withGuard(sheet, 60_000, 'map sheet')]);
      // The GetFeature lost its database mid-stream: the client sees a cut (incomplete) transfer, not a hang.
      expect(s.complete, `GetFeature got ${s.bytes} bytes`).toBe(false);
      // The extract file was written before the database stopped and is sent without it.
      expect(d.bytes).toBeGreaterThan(0);
      // The sheet either finished before the stop, or ended with an answer (503) or a cut transfer.
      expect([0, 200, 503]).toContain(m.status);
      expect(server.proc.exitCode).toBeNull();
      // While it is down: a clear 503, still the same process.
      expect((await get('/health')).status).toBe(503);
    } finally {
      cluster.start();
    }
    const health = await waitFor(() => get('/health'), (r) => r?.status === 200);
    expect(health.status).toBe(200);
    expect((await waitFor(() => get(WFS_PAGE), (r) => r?.status === 200)).status).toBe(200);
    expect((await get(GETFEATURE)).status).toBe(200);
    expect(server.proc.exitCode).toBeNull();
    expect(server.proc.pid).toBe(pid);
    expect(server.logs.some((l) => l.msg === 'database available again')).toBe(true);
  }, 180_000);
});

describe('slow downloads cannot starve the service', () => {
  it(`answers maps, tiles, /health and WFS pages while pool size + 5 (${POOL + 5}) slow clients download`, async () => {
    // One after another: each file is written (a cursor of the streaming budget, DB_STREAM_POOL_SIZE = 2), then its
    // client stalls; what is measured is that the stalled transfers hold no connection.
    const slow: SlowGet[] = [];
    try {
      const statuses: number[] = [];
      for (let i = 0; i < POOL + 5; i++) {
        slow.push(slowGet(server.url + EXTRACT, 1));
        statuses.push(await withGuard(slow[i]!.status, 60_000, 'slow download start'));
      }
      expect(statuses.every((s) => s === 200), `${statuses} ${slow.map((s) => s.text()).join(' ')}`).toBe(true);
      const size = Number((await slow[0]!.headers)['content-length']);
      console.log(`${slow.length} slow downloads of ${size} bytes each, paused after their first bytes`);
      // Each answers within a generous bound (a hang or a pool wait would exceed it).
      for (const path of [GETMAP, TILE, '/health', WFS_PAGE, '/ogcapi/collections/dzialki/items?limit=5']) {
        const r = await get(path, 5_000);
        expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(200);
      }
      // Over the per-client cap (DOWNLOADS_PER_CLIENT = pool + 7): a clear 429 with Retry-After.
      const more = [slowGet(server.url + EXTRACT, 1), slowGet(server.url + EXTRACT, 1), slowGet(server.url + EXTRACT, 1)];
      slow.push(...more);
      const moreStatuses = await Promise.all(more.map((s) => s.status));
      expect(moreStatuses.filter((s) => s === 429).length, String(moreStatuses)).toBeGreaterThanOrEqual(1);
      const refused = more[moreStatuses.indexOf(429)]!;
      expect((await refused.headers)['retry-after']).toBeDefined();
    } finally {
      for (const s of slow) s.abort();
    }
    // Nothing was recorded for the downloads that were cut, and the service is as before.
    expect((await get('/health')).status).toBe(200);
  }, 180_000);
});

describe('missing static files', () => {
  it.skipIf(!clientBuilt())('20 requests for a missing /assets file make no normal request 503', async () => {
    const before = server.logs.length;
    const missing = Array.from({ length: 20 }, (_, i) => get(`/assets/index-gone${i}.js`));
    const normal: Promise<{ status: number; text: string }>[] = [];
    for (let i = 0; i < 10; i++) {
      normal.push(get(WFS_PAGE), get('/health'));
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const r of await Promise.all(missing)) expect(r.status).toBe(404);
    const statuses = (await Promise.all(normal)).map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toEqual([]);
    expect(server.logs.slice(before).filter((l) => String(l.msg).startsWith('database unavailable'))).toEqual([]);
  });
});
