// Results stream from a cursor: a client that goes away mid-response releases the cursor and its connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import pg from 'pg';
import { startApp, type TestApp } from '../support/app.ts';
import { sampleUrl } from '../support/db.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp({ WFS_MAX_FEATURES: '1000000' }); });
afterAll(async () => { await app?.close(); });

/** Connections of the service that hold a statement or an open transaction. */
async function busyServiceConnections(probe: pg.Client): Promise<number> {
  const r = await probe.query(`SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = 'sip-poznan' AND state IN ('active', 'idle in transaction')`);
  return r.rows[0].n as number;
}

describe('streaming', () => {
  it('releases the cursor when the client disconnects mid-stream', async () => {
    const probe = new pg.Client({ connectionString: sampleUrl(), application_name: 'test-probe' });
    await probe.connect();
    try {
      const url = `${app.url}/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=gesut:przewody,egib:kontury_uzytkow,egib:dzialki`;
      await new Promise<void>((resolve, reject) => {
        const req = http.get(url, (res) => {
          expect(res.statusCode).toBe(200);
          // Read one chunk, then stop reading and hang up: the server must notice and clean up.
          res.once('data', () => { req.destroy(); resolve(); });
        });
        req.on('error', (err) => { if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err); });
      });
      let busy = -1;
      for (let i = 0; i < 40; i++) {
        busy = await busyServiceConnections(probe);
        if (busy === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(busy).toBe(0);
    } finally {
      await probe.end();
    }
  });
});
