// The ceiling of any Node HTTP tile server on this machine, for bench:tiles: a bare node:http server (no framework,
// no middleware, no response cache) that answers /tiles/{set}/{z}/{x}/{y}.mvt with the very statement the service
// runs (mvtInDatabase), for the anonymous role, and sends the service's response headers (security, CORS, validators)
// so that the comparison is of the two stacks, not of header volume. Never part of the service.
// Run as a child process: DATABASE_URL=… PORT=… node --import tsx bench/lib/bare-tiles.ts
import http from 'node:http';
import { createHash } from 'node:crypto';
import { Catalog } from '../../server/catalog/catalog.ts';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { mvtInDatabase } from '../../server/services/tiles/mvt.ts';
import { catalogLatitude, tileSets } from '../../server/services/tiles/sets.ts';
import { tileQuery } from '../../server/services/tiles/tile.ts';
import { constantHeaders, OPEN_CORS_HEADERS, securityHeaderPolicy } from '../../server/http/security.ts';
import { DATA_MAX_AGE_S } from '../../server/http/cache.ts';

const TILE = /^\/tiles\/([^/]+)\/(\d+)\/(\d+)\/(\d+)\.mvt$/;
const HEADERS = [
  ...constantHeaders(securityHeaderPolicy()), ...OPEN_CORS_HEADERS,
  ['Vary', 'Accept-Encoding'], ['Last-Modified', new Date().toUTCString()],
  ['Cache-Control', `public, max-age=${DATA_MAX_AGE_S}, must-revalidate`], ['X-Cache', 'MISS'],
].flat();
const db = new PostgresDatabase({ connectionString: process.env.DATABASE_URL!, poolSize: Number(process.env.DB_POOL_SIZE ?? 10), statementTimeoutMs: 30_000 });
const catalog = await Catalog.load(db);
const sets = tileSets(catalog, 'anonim');
const latitude = catalogLatitude(catalog);

const server = http.createServer((req, res) => {
  const m = TILE.exec(req.url ?? '');
  const set = m && sets.get(m[1]!);
  if (!m || !set) { res.writeHead(404).end(); return; }
  const t = { z: Number(m[2]), x: Number(m[3]), y: Number(m[4]) };
  const q = tileQuery(set, t, latitude);
  (q ? mvtInDatabase(db, q.layers, 'anonim', t, q.box) : Promise.resolve(Buffer.alloc(0))).then(
    (body) => {
      if (!body.length) { res.writeHead(204, HEADERS).end(); return; }
      const etag = `W/"${createHash('sha1').update(req.url!).digest('base64url').slice(0, 16)}"`;
      res.writeHead(200, [...HEADERS, 'ETag', etag, 'Content-Type', 'application/vnd.mapbox-vector-tile', 'Content-Length', String(body.length)]).end(body);
    },
    (err: Error) => { res.writeHead(500).end(err.message); },
  );
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => { server.close(); void db.close().then(() => process.exit(0)); });
