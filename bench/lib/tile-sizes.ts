// The size survey of bench:tiles: the gzip size of a set's tiles per zoom level, computed with the route's own
// statement (mvtInDatabase over tileQuery's layers and box) directly against the database. Sizes do not depend on
// the machine's load, so this is the benchmark's deterministic figure (issue 19: no tile above 500 kB gzip at any
// zoom on the whole-city set). Every tile of a level is measured when the level has at most `sample` tiles over the
// set's extent (z12–z14 on the city), otherwise a seeded random sample of `sample` tiles plus the tiles around the
// densest tile of the level above: the maximum of a sample is a lower bound, which the report says.
import { gzipSync } from 'node:zlib';
import type { Queryable } from '../../server/db/database.ts';
import { mvtInDatabase } from '../../server/services/tiles/mvt.ts';
import { layersAtZoom, type TileSet } from '../../server/services/tiles/sets.ts';
import { tileQuery, type TileAddress } from '../../server/services/tiles/tile.ts';
import { geoBounds } from '../../server/services/tiles/documents.ts';
import { mulberry32 } from './load.ts';

/** gzip as a client gets it from a proxy or from the server for a large tile (zlib's default level). */
export const GZIP_LEVEL = 6;

export interface ZoomSizes {
  set: string;
  z: number;
  /** No layer of the set at this zoom: not applicable (no tile is computed). */
  applicable: boolean;
  /** Tiles over the extent at this zoom, and how many were measured. */
  tiles: number;
  measured: number;
  /** Every tile of the level measured (else a sample: the maximum is a lower bound). */
  complete: boolean;
  maxGzip: number;
  maxRaw: number;
  meanGzip: number;
  /** The tile of the largest gzip size, and how long its statement took (ms, on the machine as it was). */
  largest?: TileAddress;
  largestMs: number;
}

/** The tile range covering WGS 84 bounds at zoom z. */
export function tileRange(bounds: readonly number[], z: number): { x0: number; x1: number; y0: number; y1: number } {
  const tx = (lon: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
  const ty = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
  };
  return { x0: tx(bounds[0]!), x1: tx(bounds[2]!), y0: ty(bounds[3]!), y1: ty(bounds[1]!) };
}

export async function surveyTileSizes(db: Queryable, sets: readonly TileSet[], latitude: number, z0: number, z1: number,
  o: { sample: number; seed: number; progress?: (line: string) => void }): Promise<ZoomSizes[]> {
  const out: ZoomSizes[] = [];
  for (const set of sets) {
    const bounds = geoBounds(set.layers);
    let densest: TileAddress | undefined;
    for (let z = z0; z <= z1; z++) {
      const r = tileRange(bounds, z);
      const tiles = (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1);
      const row: ZoomSizes = { set: set.id, z, applicable: layersAtZoom(set, z, latitude).length > 0, tiles, measured: 0, complete: false, maxGzip: 0, maxRaw: 0, meanGzip: 0, largestMs: 0 };
      out.push(row);
      if (!row.applicable) continue;
      let list: TileAddress[] = [];
      if (tiles <= o.sample) {
        for (let x = r.x0; x <= r.x1; x++) for (let y = r.y0; y <= r.y1; y++) list.push({ z, x, y });
        row.complete = true;
      } else {
        const random = mulberry32(o.seed * 131 + z);
        const seen = new Set<string>();
        const add = (t: TileAddress) => { const k = `${t.x}/${t.y}`; if (!seen.has(k)) { seen.add(k); list.push(t); } };
        // The four children of the previous level's largest tile: where the data is densest.
        if (densest && densest.z === z - 1) for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) add({ z, x: densest.x * 2 + dx!, y: densest.y * 2 + dy! });
        while (list.length < o.sample) add({ z, x: r.x0 + Math.floor(random() * (r.x1 - r.x0 + 1)), y: r.y0 + Math.floor(random() * (r.y1 - r.y0 + 1)) });
        list = list.slice(0, Math.max(o.sample, 4));
      }
      let sum = 0;
      for (const t of list) {
        const q = tileQuery(set, t, latitude);
        const t0 = performance.now();
        const raw = q ? await mvtInDatabase(db, q.layers, 'anonim', t, q.box) : Buffer.alloc(0);
        const ms = performance.now() - t0;
        const gz = raw.length ? gzipSync(raw, { level: GZIP_LEVEL }).length : 0;
        row.measured++;
        sum += gz;
        if (gz > row.maxGzip) { row.maxGzip = gz; row.largest = t; row.largestMs = ms; }
        row.maxRaw = Math.max(row.maxRaw, raw.length);
      }
      row.meanGzip = row.measured ? sum / row.measured : 0;
      densest = row.largest;
      o.progress?.(`  ${set.id.padEnd(7)} z${z}: ${row.measured}/${tiles} tiles, max ${(row.maxGzip / 1000).toFixed(1)} kB gzip (${row.largest ? `${row.largest.z}/${row.largest.x}/${row.largest.y}` : '-'}, ${row.largestMs.toFixed(0)} ms), mean ${(row.meanGzip / 1000).toFixed(1)} kB`);
    }
  }
  return out;
}
