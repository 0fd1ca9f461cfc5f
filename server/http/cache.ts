// HTTP caching of data responses (tiles, WMS maps) from the data version (sql/006_data_version.sql):
// validators (ETag, Last-Modified) and Cache-Control, conditional requests answered with 304 before any work,
// and a bounded in-memory LRU of response bodies keyed by data version + role + request, emptied when the
// version changes. Concurrent requests for the same missing entry share one computation.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { Queryable } from '../db/database.ts';
import type { Role } from '../catalog/roles.ts';
import type { Logger } from '../log.ts';
import { ROOT_DIR, type CacheSettings } from '../config.ts';
import { LAYERS } from '../catalog/layers.ts';

export interface DataVersion { version: number; changedAt: Date }

/** Seconds a client or proxy may use a data response without asking again. */
export const DATA_MAX_AGE_S = 60;

/**
 * Cache-Control of capabilities and other service metadata: as short as data, revalidated (Express adds a weak
 * ETag from the body to what it sends, and answers a matching If-None-Match with 304).
 */
export const METADATA_CACHE_CONTROL = `public, max-age=${DATA_MAX_AGE_S}, must-revalidate`;

/** Reads the data version at most once per pollMs; concurrent callers share one query. */
export class DataVersionTracker {
  private value: DataVersion | undefined;
  private checkedAt = -Infinity;
  private pending: Promise<DataVersion | undefined> | undefined;
  private warned = false;

  constructor(private readonly db: Queryable, private readonly pollMs: number, private readonly log?: Logger) {}

  async current(): Promise<DataVersion | undefined> {
    if (performance.now() - this.checkedAt < this.pollMs) return this.value;
    return this.refresh();
  }

  /** Reads the version now (shared with a read already under way). */
  refresh(): Promise<DataVersion | undefined> {
    this.pending ??= this.read().finally(() => { this.pending = undefined; });
    return this.pending;
  }

  private async read(): Promise<DataVersion | undefined> {
    try {
      const [row] = await this.db.query<{ version: number; changed_at: Date }>('SELECT version, changed_at FROM public.data_version WHERE id');
      this.value = row ? { version: Number(row.version), changedAt: new Date(row.changed_at) } : undefined;
    } catch (err) {
      // Without the table (migration 006 not applied) responses go out without validators and are not kept.
      if (!this.warned) this.log?.warn({ err: (err as Error).message }, 'data version unavailable: HTTP caching off');
      this.warned = true;
      this.value = undefined;
    }
    this.checkedAt = performance.now();
    return this.value;
  }
}

/** A response as kept in the cache. An empty body with status 204 is an empty tile. */
export interface CachedBody {
  status: 200 | 204;
  contentType?: string;
  body: Buffer;
  /** Content-Encoding of the body (e.g. gzip); the request's key must say which encoding it asked for. */
  encoding?: string;
}

export interface ServeOptions {
  /** What the response depends on besides the data version and the role: a canonical form of the request. */
  key: string;
  role: Role;
  produce: () => Promise<CachedBody>;
  /** Extra headers of every answer (200 and 304), e.g. Content-Crs. */
  headers?: Record<string, string>;
}

/** The code's part of every validator: a change of the catalogue (styles, attributes) or a release invalidates. */
function codeSalt(): string {
  let version = '0';
  try { version = (JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }).version; } catch { /* keep 0 */ }
  return createHash('sha1').update(version).update(JSON.stringify(LAYERS)).digest('base64url').slice(0, 8);
}

/** If-None-Match: does any listed tag match (weak comparison, RFC 9110 13.1.2)? */
export function etagMatches(header: string, etag: string): boolean {
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  const mine = opaque(etag);
  return header.split(',').some((t) => t.trim() === '*' || opaque(t) === mine);
}

/** If-Modified-Since: is the resource unchanged since the given date (second resolution)? */
export function notModifiedSince(header: string, lastModified: Date): boolean {
  const since = Date.parse(header);
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

export interface CacheStats { hits: number; misses: number; notModified: number; entries: number; bytes: number }

export class ResponseCache {
  readonly version: DataVersionTracker;
  private readonly lru: LRUCache<string, CachedBody> | undefined;
  private readonly inflight = new Map<string, Promise<CachedBody>>();
  private readonly salt = codeSalt();
  private cachedVersion: number | undefined;
  readonly stats = { hits: 0, misses: 0, notModified: 0 };

  constructor(db: Queryable, readonly settings: CacheSettings, private readonly log?: Logger) {
    this.version = new DataVersionTracker(db, settings.pollMs, log);
    this.lru = settings.maxBytes > 0
      ? new LRUCache<string, CachedBody>({ maxSize: settings.maxBytes, sizeCalculation: (v, k) => v.body.length + k.length + 100 })
      : undefined;
  }

  snapshot(): CacheStats {
    return { ...this.stats, entries: this.lru?.size ?? 0, bytes: this.lru?.calculatedSize ?? 0 };
  }

  /** The entity tag of a response: data version, code, role and request. */
  etag(v: DataVersion, role: Role, key: string): string {
    const h = createHash('sha1').update(`${this.salt}\n${role}\n${key}`).digest('base64url').slice(0, 16);
    return `W/"${v.version.toString(36)}-${h}"`;
  }

  /**
   * Answers a cacheable GET: 304 when the client's copy is current, else the body from memory or produced.
   * Validators are set only on a successful answer: an error raised by produce reaches the caller's error
   * handling with no ETag or Cache-Control on it.
   */
  async serve(req: Request, res: Response, o: ServeOptions): Promise<void> {
    const v = await this.version.current();
    if (!v) {
      const produced = await o.produce();
      setHeaders(res, { ...o.headers, 'Cache-Control': 'no-cache' });
      return send(res, produced);
    }
    if (v.version !== this.cachedVersion) {
      // Every kept body belongs to an older version: drop them at once rather than wait for eviction.
      if (this.cachedVersion !== undefined) this.lru?.clear();
      this.cachedVersion = v.version;
    }
    const etag = this.etag(v, o.role, o.key);
    const validators = {
      ...o.headers,
      ETag: etag,
      'Last-Modified': v.changedAt.toUTCString(),
      'Cache-Control': `${o.role === 'anonim' ? 'public' : 'private'}, max-age=${DATA_MAX_AGE_S}, must-revalidate`,
    };
    const inm = req.get('if-none-match');
    const ims = req.get('if-modified-since');
    if (inm !== undefined ? etagMatches(inm, etag) : ims !== undefined && notModifiedSince(ims, v.changedAt)) {
      this.stats.notModified++;
      setHeaders(res, validators);
      res.statusCode = 304;
      res.end();
      return;
    }
    const key = `${v.version}\n${o.role}\n${o.key}`;
    const kept = this.lru?.get(key);
    if (kept) {
      this.stats.hits++;
      setHeaders(res, validators);
      res.setHeader('X-Cache', 'HIT');
      return send(res, kept);
    }
    this.stats.misses++;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = o.produce().finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    const produced = await pending;
    // Kept only while the version is still the one it was made for.
    if (this.lru && this.cachedVersion === v.version && !this.lru.has(key)) this.lru.set(key, produced);
    setHeaders(res, validators);
    res.setHeader('X-Cache', 'MISS');
    send(res, produced);
  }
}

/** Sets headers with Node's own setHeader (Express's res.set costs more per call on the hottest path). */
function setHeaders(res: Response, headers: Record<string, string>): void {
  for (const name in headers) res.setHeader(name, headers[name]!);
}

function send(res: Response, r: CachedBody): void {
  if (r.status === 204) { res.statusCode = 204; res.end(); return; }
  if (r.contentType) res.type(r.contentType); // Express adds the charset of text types
  if (r.encoding) res.setHeader('Content-Encoding', r.encoding);
  // Explicit, so a HEAD answer states the length of the body it leaves out.
  res.setHeader('Content-Length', r.body.length);
  res.statusCode = 200;
  res.end(r.body);
}

const caches = new WeakMap<object, ResponseCache>();

/** The response cache of a database (one per process and database, shared by the tile and map services). */
export function responseCache(db: Queryable, settings: CacheSettings, log?: Logger): ResponseCache {
  let c = caches.get(db);
  if (!c) caches.set(db, c = new ResponseCache(db, settings, log));
  return c;
}

/**
 * After a change of the data committed by this process (an accepted survey result, a coordination protocol): this
 * process's tile and map cache learns the new version now rather than at its next poll, so the answer to the change
 * is followed by no stale map (other processes learn it within their poll interval). A read begun before the commit
 * may still see the old version: then read once more.
 */
export async function learnDataChange(db: Queryable, settings: CacheSettings, log?: Logger, atLeast?: number): Promise<void> {
  const tracker = responseCache(db, settings, log).version;
  const before = await tracker.refresh();
  if (!before || (atLeast !== undefined && before.version < atLeast)) await tracker.refresh();
}
