// Returned results in PostgreSQL (sql/055): a submission (files, staged objects, the case moved to "wyniki złożone"
// and the automatic verification report) is one transaction; so is the office's decision (the case's moves, the
// register change of an acceptance, the decision on the submission). Errors a caller can act on are thrown as
// CaseStateConflict (case-state.ts), DecisionConflict or RegisterChanged (apply.ts); the router maps them.
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.ts';
import { moveCase, type Actor } from './case-state.ts';
import type { ZgloszenieStan } from './states.ts';
import type { FileReading, ResultObject } from './objects.ts';
import { readResultGml } from './read-gml.ts';
import { readResultDxf } from './read-dxf.ts';
import { verifyResults, type Report } from './verify.ts';
import { applyResults, type ApplySummary } from './apply.ts';
import { UPLOAD_LIMITS } from './rules.ts';

export interface UploadedFile { name: string; bytes: Buffer; mediaType: string }
export type FileKind = 'gml' | 'dxf' | 'pdf';

export class DecisionConflict extends Error {}

/** More changed objects than one submission may hold (UPLOAD_LIMITS.objects). */
export class TooManyObjects extends Error {}

export type CaseRow = { id: string; numer: string; stan: ZgloszenieStan; uzytkownik_id: number; obszar: string };

export async function caseById(db: Queryable, id: string): Promise<CaseRow | undefined> {
  const [r] = await db.query<CaseRow>('SELECT id, numer, stan, uzytkownik_id, ST_AsGeoJSON(obszar) AS obszar FROM portal.zgloszenia WHERE id = $1', [id]);
  return r;
}

/** The kind of a file by its name, else its first bytes; undefined: not a kind results may contain. */
export function fileKind(f: UploadedFile): FileKind | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(f.name)?.[1]?.toLowerCase();
  if (ext === 'gml' || ext === 'xml') return 'gml';
  if (ext === 'dxf') return 'dxf';
  if (ext === 'pdf') return 'pdf';
  const head = f.bytes.subarray(0, 64).toString('latin1');
  if (head.startsWith('%PDF-')) return 'pdf';
  if (/^\s*(<\?xml|<)/.test(head)) return 'gml';
  if (/^\s*0\s*\r?\n\s*SECTION/.test(head)) return 'dxf';
  return undefined;
}

const MEDIA: Record<FileKind, string> = { gml: 'application/gml+xml; version=3.2', dxf: 'image/vnd.dxf', pdf: 'application/pdf' };

/** A PDF document of the operat: a PDF header and an end-of-file marker (a cut upload lacks it). */
function readPdf(name: string, bytes: Buffer): FileReading {
  const ok = bytes.subarray(0, 8).toString('latin1').startsWith('%PDF-') && bytes.subarray(-1024).toString('latin1').includes('%%EOF');
  return { file: name, kind: 'pdf', ok, ...(ok ? {} : { error: 'not a complete PDF document (no %PDF- header or %%EOF marker)' }), objects: [], ignored: 0 };
}

/** Reads the files (pure, before any transaction). */
export function readFiles(files: readonly UploadedFile[]): FileReading[] {
  return files.map((f) => {
    const kind = fileKind(f)!;
    if (kind === 'pdf') return readPdf(f.name, f.bytes);
    const text = f.bytes.toString('utf8');
    return kind === 'gml' ? readResultGml(f.name, text, UPLOAD_LIMITS.gmlBytes) : readResultDxf(f.name, text);
  });
}

async function stage(tx: Queryable, wynikId: string, objects: readonly ResultObject[]): Promise<void> {
  if (!objects.length) return;
  await tx.query(`INSERT INTO portal.zgloszenia_wyniki_obiekty (wynik_id, warstwa, identyfikator, atrybuty, geom, zrodlo)
    SELECT $1, o.warstwa, o.identyfikator, o.atrybuty,
           CASE WHEN o.geometry IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON(o.geometry), coalesce(o.srid, 0)) END, o.zrodlo
      FROM jsonb_to_recordset($2::jsonb) AS o(warstwa text, identyfikator text, atrybuty jsonb, geometry text, srid int, zrodlo text)`,
  [wynikId, JSON.stringify(objects.map((o) => ({ warstwa: o.warstwa, identyfikator: o.identyfikator, atrybuty: o.atrybuty,
    geometry: o.geometry ? JSON.stringify(o.geometry) : null, srid: o.srid, zrodlo: o.zrodlo })))]);
}

export interface Submission { id: string; numer: number; report: Report }

/** Hands results over: the case moves to "wyniki złożone", files and objects are stored, the verification runs. */
export async function submitResults(db: Database, zgloszenieId: string, actor: Actor, files: readonly UploadedFile[]): Promise<Submission> {
  const readings = readFiles(files);
  const count = readings.reduce((n, r) => n + r.objects.length, 0);
  if (count > UPLOAD_LIMITS.objects) throw new TooManyObjects(`${count} changed objects; at most ${UPLOAD_LIMITS.objects} per submission (split the results)`);
  return db.transaction(async (tx) => {
    // The case row's lock first: two submissions racing take their numbers one after the other.
    await tx.query('SELECT 1 FROM portal.zgloszenia WHERE id = $1 FOR UPDATE', [zgloszenieId]);
    const [w] = await tx.query<{ id: string; numer: number }>(`INSERT INTO portal.zgloszenia_wyniki (zgloszenie_id, numer, uzytkownik_id, "weryfikacjaPozytywna", raport)
      SELECT $1, coalesce(max(numer), 0) + 1, $2, false, '{}' FROM portal.zgloszenia_wyniki WHERE zgloszenie_id = $1
      RETURNING id, numer`, [zgloszenieId, actor.userId]);
    for (const f of files) {
      await tx.query(`INSERT INTO portal.zgloszenia_wyniki_pliki (wynik_id, nazwa, rodzaj, "typMediow", rozmiar, sha256, tresc) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [w!.id, f.name, fileKind(f), MEDIA[fileKind(f)!], f.bytes.length, createHash('sha256').update(f.bytes).digest(), f.bytes]);
    }
    await stage(tx, w!.id, readings.flatMap((r) => r.objects));
    const report = await verifyResults(tx, w!.id, zgloszenieId, readings);
    await tx.query(`UPDATE portal.zgloszenia_wyniki SET raport = $2, "weryfikacjaPozytywna" = $3 WHERE id = $1`, [w!.id, JSON.stringify(report), report.passed]);
    await moveCase(tx, zgloszenieId, 'wyniki złożone', actor, `złożenie wyników nr ${w!.numer}: weryfikacja automatyczna ${report.passed ? 'bez uwag' : 'z błędami'}`);
    return { id: w!.id, numer: w!.numer, report };
  });
}

export type ResultRow = {
  id: string; numer: number; zlozono: Date; weryfikacjaPozytywna: boolean; raport: Report;
  decyzja: 'przyjęte' | 'odrzucone' | null; powodDecyzji: string | null; decyzjaKto: string | null; decyzjaCzas: Date | null;
  files: { id: number; nazwa: string; rodzaj: FileKind; rozmiar: number; sha256: string }[];
};

export async function resultsOf(db: Queryable, zgloszenieId: string, wynikId?: string): Promise<ResultRow[]> {
  const rows = await db.query<Omit<ResultRow, 'files'>>(`SELECT id, numer, zlozono, "weryfikacjaPozytywna", raport, decyzja, "powodDecyzji", "decyzjaKto", "decyzjaCzas"
    FROM portal.zgloszenia_wyniki WHERE zgloszenie_id = $1 AND ($2::uuid IS NULL OR id = $2) ORDER BY numer`, [zgloszenieId, wynikId ?? null]);
  const files = await db.query<{ wynik_id: string; id: string; nazwa: string; rodzaj: FileKind; rozmiar: number; sha256: string }>(
    `SELECT wynik_id, id, nazwa, rodzaj, rozmiar, encode(sha256, 'hex') AS sha256 FROM portal.zgloszenia_wyniki_pliki
      WHERE wynik_id = ANY($1::uuid[]) ORDER BY id`, [rows.map((r) => r.id)]);
  return rows.map((r) => ({ ...r, files: files.filter((f) => f.wynik_id === r.id).map((f) => ({ id: Number(f.id), nazwa: f.nazwa, rodzaj: f.rodzaj, rozmiar: f.rozmiar, sha256: f.sha256 })) }));
}

export async function resultFile(db: Queryable, wynikId: string, fileId: number): Promise<{ nazwa: string; typMediow: string; tresc: Buffer; sha256: string } | undefined> {
  const [f] = await db.query<{ nazwa: string; typMediow: string; tresc: Buffer; sha256: string }>(
    `SELECT nazwa, "typMediow", tresc, encode(sha256, 'hex') AS sha256 FROM portal.zgloszenia_wyniki_pliki WHERE wynik_id = $1 AND id = $2`, [wynikId, fileId]);
  return f;
}

export type Decision = { decision: 'accept'; reason: string | null } | { decision: 'reject'; reason: string };

export interface DecisionOutcome {
  state: ZgloszenieStan;
  applied?: ApplySummary;
  /** The data version the acceptance committed (public.data_version), for the caller's caches. */
  dataVersion?: number;
}

/**
 * The office's decision on the latest submission. Accepting needs a passed verification; it moves the case through
 * "zweryfikowane pozytywnie" to "przyjęte do zasobu" and applies the changes to the register in the same
 * transaction. Rejecting needs reasons and moves it to "zweryfikowane negatywnie" (the surveyor may submit again).
 */
export async function decide(db: Database, zgloszenieId: string, wynikId: string, d: Decision, actor: Actor): Promise<DecisionOutcome> {
  return db.transaction(async (tx) => {
    const [w] = await tx.query<{ numer: number; decyzja: string | null; ok: boolean; replaced: string[] | null; latest: number }>(
      `SELECT numer, decyzja, "weryfikacjaPozytywna" AS ok, ARRAY(SELECT jsonb_array_elements_text(raport->'replaced')) AS replaced,
              (SELECT max(numer) FROM portal.zgloszenia_wyniki WHERE zgloszenie_id = $1) AS latest
         FROM portal.zgloszenia_wyniki WHERE zgloszenie_id = $1 AND id = $2 FOR UPDATE`, [zgloszenieId, wynikId]);
    if (!w) throw new DecisionConflict('no such submission of results');
    if (w.decyzja !== null) throw new DecisionConflict(`the submission was already decided: ${w.decyzja}`);
    if (w.numer !== w.latest) throw new DecisionConflict('a later submission of results exists: decide on that one');
    let applied: ApplySummary | undefined;
    let state: ZgloszenieStan;
    if (d.decision === 'accept') {
      if (!w.ok) throw new DecisionConflict('the automatic verification failed: the results cannot be accepted (reject them with the reasons)');
      await moveCase(tx, zgloszenieId, 'zweryfikowane pozytywnie', actor, d.reason ?? `wyniki nr ${w.numer} zweryfikowane pozytywnie`);
      applied = await applyResults(tx, wynikId, zgloszenieId, w.replaced ?? []);
      await moveCase(tx, zgloszenieId, 'przyjęte do zasobu', actor,
        `wyniki nr ${w.numer} przyjęte: działki nowe ${applied.created.join(', ') || '—'}, zmienione ${applied.updated.join(', ') || '—'}, archiwalne ${applied.replaced.join(', ') || '—'}`);
      state = 'przyjęte do zasobu';
    } else {
      await moveCase(tx, zgloszenieId, 'zweryfikowane negatywnie', actor, d.reason);
      state = 'zweryfikowane negatywnie';
    }
    await tx.query(`UPDATE portal.zgloszenia_wyniki SET decyzja = $2, "powodDecyzji" = $3, "decyzjaKto" = $4, "decyzjaCzas" = now() WHERE id = $1`,
      [wynikId, d.decision === 'accept' ? 'przyjęte' : 'odrzucone', d.reason, actor.name]);
    const [v] = applied ? await tx.query<{ version: string }>('SELECT version FROM public.data_version WHERE id') : [];
    return { state, ...(applied ? { applied, dataVersion: Number(v!.version) } : {}) };
  });
}

export async function historyOf(db: Queryable, zgloszenieId: string) {
  return db.query<{ czas: Date; stanPoprzedni: string | null; stan: string; kto: string; powod: string | null }>(
    'SELECT czas, "stanPoprzedni", stan, kto, powod FROM portal.zgloszenia_historia WHERE zgloszenie_id = $1 ORDER BY czas, id', [zgloszenieId]);
}

