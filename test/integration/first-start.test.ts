// Pointed at an empty PostGIS database, the server migrates it and loads the sample data by itself, once.
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/db.ts';
import { startServer } from '../support/server.ts';
import { readManifest } from '../../server/db/sample-data.ts';
import { loadConfig } from '../../server/config.ts';

const manifest = readManifest(loadConfig(process.env).sampleDataDir);
const drops: (() => Promise<void>)[] = [];
afterAll(async () => { for (const d of drops) await d(); });

async function health(url: string): Promise<{ features: Record<string, number> }> {
  return (await fetch(`${url}/health`)).json() as Promise<{ features: Record<string, number> }>;
}

describe('first start against an empty database', () => {
  it('migrates, loads the sample data, and does not load it twice', async () => {
    const db = await freshDatabase('sip_first');
    drops.push(db.drop);
    const first = await startServer({ DATABASE_URL: db.url });
    try {
      const h = await health(first.url);
      for (const t of manifest.tables.filter((t) => t.table in h.features)) expect(h.features[t.table]).toBe(t.rows);
      expect(first.logs.some((l) => l.msg === 'data set loaded')).toBe(true);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const second = await startServer({ DATABASE_URL: db.url });
    try {
      expect(second.logs.some((l) => l.msg === 'data set loaded' || l.msg === 'migration applied')).toBe(false);
      expect((await health(second.url)).features['egib.dzialki']).toBe(manifest.tables.find((t) => t.table === 'egib.dzialki')!.rows);
    } finally {
      await second.stop();
    }
  });

  it('only migrates when sample loading is switched off (production)', async () => {
    const db = await freshDatabase('sip_prod');
    drops.push(db.drop);
    const server = await startServer({ DATABASE_URL: db.url, LOAD_SAMPLE_DATA: 'false' });
    try {
      const h = await health(server.url);
      expect(h.features['egib.dzialki']).toBe(0);
      expect(server.logs.some((l) => l.msg === 'migration applied')).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
