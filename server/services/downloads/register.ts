// The download register (portal.pobrania): a file is handed out inside the transaction that records it, so the
// record commits only when the whole file was sent, and a download that failed half-way leaves no record.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Response } from 'express';
import type { Database, Queryable } from '../../db/database.ts';
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
}

export async function recordDownload(tx: Queryable, r: DownloadRecord): Promise<void> {
  await tx.query(
    `INSERT INTO portal.pobrania (uzytkownik_id, portal, zasob, format, "rozmiarBajtow", obszar, zadanie_id, warstwy, "liczbaObiektow", rola)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::text IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON($6::text), 2177) END, $7, $8, $9, $10)`,
    [r.who.userId, r.portal, r.resource, r.format, r.size, r.area ? JSON.stringify(r.area) : null, r.jobId ?? null, r.layers, r.features, r.who.role]);
}

function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Sends a file and records it in one transaction; the record is rolled back when the client did not get it all. */
export async function sendRegisteredFile(db: Database, res: Response, file: { path: string; name: string; type: string }, record: Omit<DownloadRecord, 'size'>): Promise<void> {
  const { size } = await stat(file.path);
  await db.transaction(async (tx) => {
    await recordDownload(tx, { ...record, size });
    res.status(200).set({ 'Content-Type': file.type, 'Content-Length': String(size), 'Content-Disposition': disposition(file.name), 'Cache-Control': 'private, no-store' });
    await sendBody(res, createReadStream(file.path));
  });
}

/** Sends an in-memory file (a rendered map sheet) and records it in one transaction. */
export async function sendRegisteredBuffer(db: Database, res: Response, body: Buffer, file: { name: string; type: string }, record: Omit<DownloadRecord, 'size'>): Promise<void> {
  await db.transaction(async (tx) => {
    await recordDownload(tx, { ...record, size: body.length });
    res.status(200).set({ 'Content-Type': file.type, 'Content-Length': String(body.length), 'Content-Disposition': disposition(file.name), 'Cache-Control': 'private, no-store' });
    res.end(body);
    await finished(res);
    if (!res.writableFinished) throw new Error('client went away before the file was sent');
  });
}

async function sendBody(res: Response, stream: NodeJS.ReadableStream): Promise<void> {
  stream.pipe(res);
  await finished(res);
  if (!res.writableFinished) throw new Error('client went away before the file was sent');
}
