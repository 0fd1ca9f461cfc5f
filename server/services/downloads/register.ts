// The download register (portal.pobrania): a download is recorded when the whole file was sent, and a download
// that failed half-way leaves no record. The file is sent WITHOUT a database connection (a slow client may take
// minutes; holding a pooled connection and an open transaction that long let ten slow downloads starve every other
// request), and the row is written afterwards in one short transaction of its own. The intent of "recorded in the
// same transaction as sent" is kept: a row exists only for a file the client received whole. What changes: if the
// database fails in the instant between the last byte and the INSERT, a received file goes unrecorded (logged as an
// error with the whole record, so it can be entered by hand) — we prefer that rare gap to an outage for everyone.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Response } from 'express';
import type { Database, Queryable } from '../../db/database.ts';
import type { Logger } from '../../log.ts';
import type { Identity } from '../context.ts';

export interface DownloadRecord {
  who: Identity;
  portal: string;
  /** What was downloaded: layers, sheet, job. */
  resource: string;
  layers: readonly string[];
  format: string;
  size: number;
  features: number | null;
  /** The area in EPSG:2177 as GeoJSON geometry, if any. */
  area?: unknown;
  jobId?: string;
  /** A released order's material: the order and its number (ZAM/rok/n). */
  order?: { id: string; number: string };
}

export async function recordDownload(tx: Queryable, r: DownloadRecord): Promise<void> {
  await tx.query(
    `INSERT INTO portal.pobrania (uzytkownik_id, portal, zasob, format, "rozmiarBajtow", obszar, zadanie_id, warstwy, "liczbaObiektow", rola, zamowienie_id, "numerZamowienia")
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::text IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON($6::text), 2177) END, $7, $8, $9, $10, $11, $12)`,
    [r.who.userId, r.portal, r.resource, r.format, r.size, r.area ? JSON.stringify(r.area) : null, r.jobId ?? null, r.layers, r.features, r.who.role,
      r.order?.id ?? null, r.order?.number ?? null]);
}

function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Records a download that was sent whole, in a short transaction of its own; a failure is logged, not thrown. */
async function recordSent(db: Database, record: DownloadRecord, log?: Logger): Promise<void> {
  try {
    await db.transaction((tx) => recordDownload(tx, record));
  } catch (err) {
    log?.error({ err: (err as Error).message, record: { ...record, who: { userId: record.who.userId, role: record.who.role } } }, 'download sent but not recorded in the register');
  }
}

/** Sends a file (no database connection held meanwhile), then records it if the client received all of it. */
export async function sendRegisteredFile(db: Database, res: Response, file: { path: string; name: string; type: string }, record: Omit<DownloadRecord, 'size'>, log?: Logger): Promise<void> {
  const { size } = await stat(file.path);
  res.status(200).set({ 'Content-Type': file.type, 'Content-Length': String(size), 'Content-Disposition': disposition(file.name), 'Cache-Control': 'private, no-store' });
  if (await sendBody(res, createReadStream(file.path))) await recordSent(db, { ...record, size }, log);
}

/** Sends an in-memory file (a rendered map sheet), then records it if the client received all of it. */
export async function sendRegisteredBuffer(db: Database, res: Response, body: Buffer, file: { name: string; type: string }, record: Omit<DownloadRecord, 'size'>, log?: Logger): Promise<void> {
  res.status(200).set({ 'Content-Type': file.type, 'Content-Length': String(body.length), 'Content-Disposition': disposition(file.name), 'Cache-Control': 'private, no-store' });
  res.end(body);
  if (await whollySent(res)) await recordSent(db, { ...record, size: body.length }, log);
}

/** True when the response was written to the end; false when the client went away (no record then). */
async function whollySent(res: Response): Promise<boolean> {
  try { await finished(res); } catch { /* closed early */ }
  return res.writableFinished;
}

async function sendBody(res: Response, stream: NodeJS.ReadableStream & { destroy?: () => void }): Promise<boolean> {
  stream.pipe(res);
  // A client that leaves stops the file read too (no open descriptor left behind).
  res.once('close', () => stream.destroy?.());
  return whollySent(res);
}
