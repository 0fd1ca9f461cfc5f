// GetFeature requests of both peers, the check that they answer alike, and timed load with autocannon.
import autocannon from 'autocannon';
import type { BenchLayer } from './dataset.ts';
import type { Format } from './options.ts';
import { onCleanup } from './processes.ts';

export type PeerName = 'ours' | 'MapServer';

export interface Peer {
  name: PeerName;
  /** URL up to the KVP, ending in ? or &. */
  base: string;
  /** OUTPUTFORMAT value per format. */
  outputFormat: Record<Format, string>;
}

export const OUR_FORMATS: Record<Format, string> = { geojson: 'application/json', gml32: 'application/gml+xml; version=3.2' };
/** MapServer: its OGR GeoJSON OUTPUTFORMAT by name; GML 3.2 by the WFS 2.0 MIME type. */
export const MAPSERVER_FORMATS: Record<Format, string> = { geojson: 'geojson', gml32: 'application/gml+xml; version=3.2' };

export function getFeatureUrl(peer: Peer, typeName: string, format: Format, count: number | undefined, startIndex: number): string {
  const kvp = [['SERVICE', 'WFS'], ['VERSION', '2.0.0'], ['REQUEST', 'GetFeature'], ['TYPENAMES', typeName]];
  if (count !== undefined) kvp.push(['COUNT', String(count)]);
  if (startIndex > 0 || count !== undefined) kvp.push(['STARTINDEX', String(startIndex)]);
  kvp.push(['OUTPUTFORMAT', peer.outputFormat[format]]);
  return peer.base + kvp.map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&');
}

/**
 * GetFeature of the features in a box (KVP BBOX in EPSG:2177 as its URN names it: northing first, the CRS's axis
 * order, which ours and MapServer both read from the URN), COUNT features at most.
 */
export function getFeatureBboxUrl(peer: Peer, typeName: string, format: Format, count: number, box: readonly [number, number, number, number]): string {
  const bbox = `${box[1]},${box[0]},${box[3]},${box[2]},urn:ogc:def:crs:EPSG::2177`;
  const kvp = [['SERVICE', 'WFS'], ['VERSION', '2.0.0'], ['REQUEST', 'GetFeature'], ['TYPENAMES', typeName], ['COUNT', String(count)], ['BBOX', bbox],
    ['OUTPUTFORMAT', peer.outputFormat[format]]];
  return peer.base + kvp.map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&');
}

/** Seeded random square boxes of `side` metres (EPSG:2177 x/y), centres uniform over an extent shrunk by half a side. */
export function boxSequence(seed: number, extent: readonly [number, number, number, number], side: number, n = 20_000): [number, number, number, number][] {
  const random = mulberry32(seed);
  const h = side / 2;
  const [x0, y0, x1, y1] = [extent[0] + h, extent[1] + h, Math.max(extent[0] + h, extent[2] - h), Math.max(extent[1] + h, extent[3] - h)];
  return Array.from({ length: n }, () => {
    const cx = x0 + random() * (x1 - x0), cy = y0 + random() * (y1 - y0);
    return [cx - h, cy - h, cx + h, cy + h] as [number, number, number, number];
  });
}

/** Seeded PRNG (mulberry32), uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** STARTINDEX strata: each block of this many pages has one page in each 1/STRATA of the table. */
export const STRATA = 16;

/**
 * Random STARTINDEX values in [0, total - count], seeded: the same sequence for both peers. Stratified, so
 * that any prefix of it covers the table evenly: the cost of a page grows with its OFFSET, and a peer that
 * gets through fewer pages in the same time must not get a cheaper or dearer mix of pages by chance.
 */
export function startIndexSequence(seed: number, total: number, count: number): () => number {
  const random = mulberry32(seed);
  const span = Math.max(1, total - count + 1);
  let block: number[] = [];
  return () => {
    if (block.length === 0) {
      block = Array.from({ length: STRATA }, (_, i) => i);
      for (let i = block.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [block[i], block[j]] = [block[j]!, block[i]!];
      }
    }
    const stratum = block.pop()!;
    return Math.min(span - 1, Math.floor(((stratum + random()) / STRATA) * span));
  };
}

export interface Sample {
  status: number;
  contentType: string;
  bytes: number;
  /** Features in the answer (counted). */
  features: number;
  numberMatched: number | undefined;
  /** Values of the layer's first attribute, in answer order. */
  keys: string[];
  /** Set when the answer is not a feature collection (exception, HTML error, unparsable). */
  problem?: string;
  head: string;
}

export async function fetchSample(url: string, format: Format, layer: BenchLayer): Promise<Sample> {
  const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  const body = await res.text();
  const base = { status: res.status, contentType: res.headers.get('content-type') ?? '', bytes: Buffer.byteLength(body), head: body.slice(0, 800) };
  const keyAttr = layer.columns[0]!;
  if (res.status !== 200) return { ...base, features: 0, numberMatched: undefined, keys: [], problem: `HTTP ${res.status}` };
  if (/ExceptionReport|ServiceExceptionReport|MapServer Message/.test(body.slice(0, 2000))) {
    return { ...base, features: 0, numberMatched: undefined, keys: [], problem: 'exception report' };
  }
  if (format === 'geojson') {
    try {
      const fc = JSON.parse(body) as { numberMatched?: number | string; features?: Array<{ properties?: Record<string, unknown> }> };
      if (!Array.isArray(fc.features)) return { ...base, features: 0, numberMatched: undefined, keys: [], problem: 'no features array' };
      return {
        ...base, features: fc.features.length, numberMatched: fc.numberMatched === undefined ? undefined : Number(fc.numberMatched),
        keys: fc.features.map((f) => String(f.properties?.[keyAttr])),
      };
    } catch (err) {
      return { ...base, features: 0, numberMatched: undefined, keys: [], problem: `not JSON: ${(err as Error).message}` };
    }
  }
  const members = body.match(/<wfs:member[\s>]/g)?.length ?? 0;
  const matched = /numberMatched="(\d+)"/.exec(body.slice(0, 4000))?.[1];
  const esc = keyAttr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const keys = [...body.matchAll(new RegExp(`<(?:\\w+:)?${esc}>([^<]*)</`, 'g'))].map((m) => m[1]!);
  if (!/FeatureCollection/.test(body.slice(0, 2000))) return { ...base, features: members, numberMatched: undefined, keys, problem: 'no wfs:FeatureCollection' };
  return { ...base, features: members, numberMatched: matched === undefined ? undefined : Number(matched), keys };
}

export interface Comparison { ok: boolean; sameOrder: boolean; sameSet: boolean; message: string }

export function compareSamples(ours: Sample, theirs: Sample, expected: number): Comparison {
  if (ours.problem || theirs.problem) {
    return { ok: false, sameOrder: false, sameSet: false, message: `ours: ${ours.problem ?? 'ok'}, MapServer: ${theirs.problem ?? 'ok'}` };
  }
  const sameOrder = ours.keys.length === theirs.keys.length && ours.keys.every((k, i) => k === theirs.keys[i]);
  const a = new Set(ours.keys);
  const sameSet = ours.keys.length === theirs.keys.length && theirs.keys.every((k) => a.has(k));
  const ok = ours.features === theirs.features && ours.features === expected;
  const what = sameOrder ? 'same features in the same order' : sameSet ? 'same features, other order' : 'DIFFERENT features';
  return { ok, sameOrder, sameSet, message: `${ours.features} vs ${theirs.features} features (expected ${expected}), ${what}; numberMatched ${ours.numberMatched ?? '-'} vs ${theirs.numberMatched ?? '-'}` };
}

export interface LoadStats {
  /** Successful (2xx) responses per second: the sum over the connections of each one's completed answers
   *  divided by the time to its last completed answer (answers still in flight at the end are not counted,
   *  and neither is the time spent on them). */
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Latency percentiles of the completed answers, milliseconds. */
  p50: number;
  p99: number;
  mean: number;
  /** Response bytes per second. */
  bytesPerSec: number;
  seconds: number;
}

let running: autocannon.Instance | undefined;
onCleanup(() => running?.stop());

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** `connections` clients, each sending the next URL of the shared sequence as soon as its previous answer is in. */
export async function runLoad(o: { urlFor: (startIndex: number) => string; next: () => number; connections: number; seconds: number }): Promise<LoadStats> {
  const first = new URL(o.urlFor(o.next()));
  const pathFor = () => {
    const u = new URL(o.urlFor(o.next()));
    return u.pathname + u.search;
  };
  const perClient = new Map<object, { ok: number; lastAt: number }>();
  const latencies: number[] = [];
  let bytes = 0;
  const started = performance.now();
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: first.origin,
      connections: o.connections,
      pipelining: 1,
      duration: o.seconds,
      timeout: 120,
      requests: [{ method: 'GET', path: first.pathname + first.search, setupRequest: (req) => ({ ...req, path: pathFor() }) }],
    }, (err: unknown, result: autocannon.Result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)));
    instance.on('response', (client, statusCode, resBytes, responseTime) => {
      if (statusCode < 200 || statusCode > 299) return;
      const c = perClient.get(client) ?? { ok: 0, lastAt: 0 };
      c.ok++;
      c.lastAt = performance.now();
      perClient.set(client, c);
      latencies.push(responseTime);
      bytes += resBytes;
    });
    running = instance;
  }).finally(() => { running = undefined; });
  latencies.sort((a, b) => a - b);
  let rps = 0;
  for (const c of perClient.values()) rps += c.ok / ((c.lastAt - started) / 1000);
  return {
    rps,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    mean: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1),
    bytesPerSec: bytes / r.duration,
    seconds: r.duration,
  };
}
