// Peak resident memory of a process while one client streams a whole layer from it: VmHWM (the kernel's
// high-water mark over the process's life) and the largest VmRSS sampled every 50 ms during the stream.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import type { Format } from './options.ts';

export interface Memory { rssKb: number; hwmKb: number }

export function readMemory(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

export interface StreamResult {
  status: number;
  bytes: number;
  seconds: number;
  /** numberReturned as the answer states it (GeoJSON: at its end, GML: in its root element). */
  numberReturned: number | undefined;
  /** VmRSS just before the request. */
  baselineKb: number;
  /** Largest VmRSS sampled during the stream. */
  peakSampledKb: number;
  /** VmHWM after the stream: the peak over the process's whole life (start-up included). */
  hwmKb: number;
  head: string;
  /** Set when the stream broke off (connection closed before the end). */
  error?: string;
}

/** Streams `url` as fast as the client can read, discarding the body, while sampling `pid`'s memory. */
export async function streamAndSample(url: string, pid: number, format: Format, sampleMs = 50): Promise<StreamResult> {
  const before = readMemory(pid);
  if (!before) throw new Error(`cannot read /proc/${pid}/status (Linux only)`);
  let peak = before.rssKb;
  const timer = setInterval(() => {
    const m = readMemory(pid);
    if (m && m.rssKb > peak) peak = m.rssKb;
  }, sampleMs);
  const started = process.hrtime.bigint();
  let bytes = 0;
  let head = '';
  let tail = '';
  let status = 0;
  let error: string | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const req = http.get(url, { agent: false }, (res) => {
        status = res.statusCode ?? 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (head.length < 4096) head += chunk.toString('utf8', 0, Math.min(chunk.length, 4096));
          tail = (tail + chunk.toString('utf8', Math.max(0, chunk.length - 4096))).slice(-4096);
        });
        res.on('end', resolve);
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(30 * 60_000, () => req.destroy(new Error('stream timed out')));
    });
  } catch (err) {
    error = (err as Error).message; // e.g. "aborted": the server cut the stream
  } finally {
    clearInterval(timer);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = readMemory(pid);
  if (after && after.rssKb > peak) peak = after.rssKb;
  const returned = format === 'geojson' ? /"numberReturned"\s*:\s*(\d+)/.exec(tail)?.[1] : /numberReturned="(\d+)"/.exec(head)?.[1];
  return {
    status, bytes, seconds, numberReturned: returned === undefined ? undefined : Number(returned),
    baselineKb: before.rssKb, peakSampledKb: peak, hwmKb: after?.hwmKb ?? NaN, head: head.slice(0, 600), ...(error ? { error } : {}),
  };
}
