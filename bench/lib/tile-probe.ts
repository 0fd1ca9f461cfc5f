// Ad-hoc probe (not a benchmark): bytes per layer of one tile, raw and gzip, with the route's statement.
import { gzipSync } from 'node:zlib';
import { Catalog } from '../../server/catalog/catalog.ts';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { mvtInDatabase } from '../../server/services/tiles/mvt.ts';
import { catalogLatitude, tileSets } from '../../server/services/tiles/sets.ts';
import { tileQuery } from '../../server/services/tiles/tile.ts';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

const [setId, z, x, y] = process.argv.slice(2);
const db = new PostgresDatabase({ connectionString: process.env.DATABASE_URL!, poolSize: 2, statementTimeoutMs: 60_000 });
try {
  const catalog = await Catalog.load(db);
  const set = tileSets(catalog, 'anonim').get(setId!)!;
  const t = { z: Number(z), x: Number(x), y: Number(y) };
  const q = tileQuery(set, t, catalogLatitude(catalog))!;
  for (const l of q.layers) {
    const b = await mvtInDatabase(db, [l], 'anonim', t, q.box);
    const vt = b.length ? new VectorTile(new PbfReader(b)) : undefined;
    const n = vt ? Object.entries(vt.layers).map(([k, v]) => `${k}:${v.length}`).join(' ') : '-';
    console.log(`${l.name.padEnd(24)} raw ${(b.length / 1000).toFixed(1).padStart(8)} kB  gzip ${(b.length ? gzipSync(b).length / 1000 : 0).toFixed(1).padStart(8)} kB  ${n}`);
  }
} finally { await db.close(); }
