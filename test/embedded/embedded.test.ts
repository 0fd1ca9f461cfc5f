// The default mode: no DATABASE_URL, the embedded PostGIS (PGlite) under a data directory, same SQL and data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../support/server.ts';
import { readManifest } from '../../server/db/sample-data.ts';
import { loadConfig } from '../../server/config.ts';
import { EmbeddedDatabase } from '../../server/db/embedded.ts';
import { REFERENCE } from '../support/crs-reference.ts';

const manifest = readManifest(loadConfig(process.env).sampleDataDir);
const dir = mkdtempSync(path.join(tmpdir(), 'sip-pglite-'));
let server: RunningServer;

beforeAll(async () => { server = await startServer({ DATABASE_URL: undefined, EMBEDDED_DB_DIR: dir }, 600_000); }, 600_000);
afterAll(async () => { await server?.stop(); rmSync(dir, { recursive: true, force: true }); });

describe('embedded database mode', () => {
  it('starts with the sample data loaded into PGlite + PostGIS', async () => {
    const body = await (await fetch(`${server.url}/health`)).json() as { status: string; database: Record<string, string>; features: Record<string, number> };
    expect(body.status).toBe('ok');
    expect(body.database.mode).toBe('embedded');
    expect(body.database.postgis).toMatch(/^3\./);
    for (const t of manifest.tables.filter((t) => t.table in body.features)) expect(body.features[t.table]).toBe(t.rows);
  });

  it('persists the database under its directory and transforms like PROJ', async () => {
    expect(await server.stop()).toBe(0);
    const db = await EmbeddedDatabase.open(dir);
    try {
      const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM egib.dzialki');
      expect(row!.n).toBe(manifest.tables.find((t) => t.table === 'egib.dzialki')!.rows);
      for (const p of REFERENCE) {
        const [r] = await db.query<{ x: number; y: number }>('SELECT ST_X(g) x, ST_Y(g) y FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 2177) g', p.lonlat);
        expect(Math.abs(r!.x - p.pl2000[0])).toBeLessThan(0.001);
        expect(Math.abs(r!.y - p.pl2000[1])).toBeLessThan(0.001);
      }
    } finally {
      await db.close();
    }
  });
});
