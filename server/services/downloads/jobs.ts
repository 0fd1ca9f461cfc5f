// Extract jobs persisted in portal.zadania and run in the server process with bounded concurrency. Any instance
// may run any job: a job is claimed with FOR UPDATE SKIP LOCKED; a running job keeps a heartbeat, and one whose
// heartbeat stopped (its process died) is put back in the queue and resumed from the start, up to MAX_ATTEMPTS.
// Cancelling is a status change the runner sees at its next progress report. Expired files are removed.
// Jobs are of kinds (portal.zadania.rodzaj): "wycinek", the extracts of this folder, and the kinds other services
// give the runner (services/orders/release.ts: "zamowienie", the files of a paid order); a runner claims only the
// kinds it knows, and the same heartbeat, resumption, expiry and cancelling serve them all.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ServiceContext } from '../context.ts';
import type { Role } from '../../catalog/roles.ts';
import { downloadableLayer } from '../../catalog/download-terms.ts';
import { resolveCrs } from '../../crs/names.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import type { ExtractArea } from './area.ts';
import { extractFormat, runExtract, type ExtractRequest } from './extract.ts';
import { isRasterKind } from './raster.ts';
import { PACKAGE_KEEP_DAYS, runPackage, type PackageParams } from './package.ts';
import { materialsReadyIn } from '../../cases/zgloszenia/store.ts';
import { notifyPackageReady } from '../zgloszenia/notify.ts';
import type { Queryable } from '../../db/database.ts';
import { DatabaseBusy } from '../../db/errors.ts';
import { isDatabaseUnavailable } from '../../db/faults.ts';

export const MAX_ATTEMPTS = 3;

/** What a job was asked for, as stored in portal.zadania.parametry. */
export interface JobParams {
  layers: string[];
  rasters: string[];
  /** An extract format id of the registry (formats/registry.ts). */
  format: string;
  area: ExtractArea;
  crs: string;
  baseUrl: string;
  /** Features per layer counted when the job was accepted. */
  counts: Record<string, number>;
  /** Set for the material package of a survey-work notification (package.ts) instead of a plain extract. */
  package?: PackageParams;
}

/**
 * Queues a job (the runner of any process claims it at its next round, within seconds). `rodzaj` is 'wycinek' for an
 * extract, 'pakiet zgłoszenia' for a notification's package.
 */
export async function enqueueJob(db: Queryable, params: JobParams, who: { userId: number | null; role: Role }, portal: string, rodzaj = 'wycinek'): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO portal.zadania (parametry, uzytkownik_id, rola, portal, obszar, rodzaj) VALUES ($1, $2, $3, $4, ST_SetSRID(ST_GeomFromGeoJSON($5), 2177), $6) RETURNING id`,
    [JSON.stringify(params), who.userId, who.role, portal, JSON.stringify(params.area.geometry), rodzaj]);
  return row!.id;
}

/** A job's state (sql/011_job_status_names.sql): waiting for a runner, being written, its file ready, failed, cancelled, its file removed. */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'expired';

/** The states in which a job has ended. */
export const FINAL_STATUSES: readonly JobStatus[] = ['done', 'failed', 'cancelled', 'expired'];

export interface JobRow {
  id: string;
  status: JobStatus;
  postep: number;
  parametry: JobParams;
  uzytkownik_id: number | null;
  rola: Role;
  portal: string;
  plik: string | null;
  nazwaPliku: string | null;
  typPliku: string | null;
  rozmiarBajtow: number | null;
  liczbaObiektow: number | null;
  blad: string | null;
  proby: number;
  utworzono: Date;
  zakonczono: Date | null;
  wygasa: Date | null;
  /** The job's kind (portal.zadania.rodzaj); present on the rows a runner claims. */
  rodzaj?: string;
}

const JOB_COLUMNS = `id, status, postep, parametry, uzytkownik_id, rola, portal, plik, "nazwaPliku", "typPliku", "rozmiarBajtow",
  "liczbaObiektow", blad, proby, utworzono, zakonczono, wygasa`;

/** A job as the API shows it (GET /api/jobs/{id}, the SSE events, /api/downloads); the client imports this type. */
export interface JobJson {
  id: string;
  status: JobStatus;
  /** 0…1 */
  progress: number;
  /** The extract format's id (formats/registry.ts). */
  format: string;
  layers: string[];
  crs: string;
  area: { kind: ExtractArea['kind']; km2: number; sheets?: string[] };
  portal: string;
  created: string;
  finished?: string;
  expires?: string;
  /** Once done: the file to download. */
  file?: { href: string; name: string | null; type: string | null; size: number; features: number };
  /** Why it failed or was cancelled. */
  error?: string;
  links: { rel: string; href: string; type: string }[];
}

/** The public view of a job. */
export function jobJson(j: JobRow, base: string): JobJson {
  return {
    id: j.id,
    status: j.status,
    progress: Math.round(Number(j.postep) * 1000) / 1000,
    format: j.parametry.format,
    layers: [...j.parametry.layers, ...j.parametry.rasters],
    crs: j.parametry.crs,
    area: { kind: j.parametry.area.kind, km2: Math.round(j.parametry.area.areaKm2 * 1e4) / 1e4, ...(j.parametry.area.sheets ? { sheets: j.parametry.area.sheets } : {}) },
    portal: j.portal,
    created: new Date(j.utworzono).toISOString(),
    ...(j.zakonczono ? { finished: new Date(j.zakonczono).toISOString() } : {}),
    ...(j.wygasa ? { expires: new Date(j.wygasa).toISOString() } : {}),
    ...(j.status === 'done' ? { file: { href: `${base}/api/jobs/${j.id}/file`, name: j.nazwaPliku, type: j.typPliku, size: Number(j.rozmiarBajtow), features: Number(j.liczbaObiektow) } } : {}),
    ...(j.blad ? { error: j.blad } : {}),
    links: [
      { rel: 'self', href: `${base}/api/jobs/${j.id}`, type: 'application/json' },
      { rel: 'monitor', href: `${base}/api/jobs/${j.id}/events`, type: 'text/event-stream' },
    ],
  };
}

/** The file a job wrote into its own directory (<downloads dir>/<job id>/). */
export interface JobOutput { file: string; fileName: string; contentType: string; size: number; features: number }

/** A kind of job other than the extracts: how to run one, how long its file is kept, and a periodic sweep. */
export interface JobKind {
  /** Writes the job's file into dir/<job.id>/; reports progress; stops when the signal fires. */
  run(job: JobRow, dir: string, progress: (done: number, total: number) => void, signal: AbortSignal): Promise<JobOutput>;
  /** How long the file is kept once done, seconds. */
  keepSeconds(): number;
  /** Called after the job was marked done (e.g. the order it belongs to may now be complete). */
  done?(job: JobRow): Promise<void>;
  /** Called once a minute by every runner (e.g. starting the releases a crash left unstarted). */
  sweep?(): Promise<void>;
}

/** The kind of the extract jobs of /api/extracts (the column's default). */
export const EXTRACT_KIND = 'wycinek';

/** The kind of a survey-work notification's material package (downloads/package.ts), run by this runner too. */
export const PACKAGE_KIND = 'pakiet zgłoszenia';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class JobRunner {
  private readonly running = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private lastSweep = 0;
  private stopped = false;
  private kicking: Promise<void> | undefined;

  private readonly kindNames: string[];

  constructor(private readonly ctx: ServiceContext, private readonly kinds: Readonly<Record<string, JobKind>> = {}) {
    this.kindNames = [EXTRACT_KIND, PACKAGE_KIND, ...Object.keys(kinds)];
  }

  /** Starts polling for queued and orphaned jobs (the first poll at once: jobs accepted before a restart). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.kick(), 2_000);
    this.timer.unref();
    void this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const c of this.running.values()) c.abort();
  }

  /** An extract job (the jobs of other kinds are reached through their own service, e.g. an order's files). */
  async get(id: string): Promise<JobRow | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await this.ctx.db.query<JobRow & Record<string, unknown>>(`SELECT ${JOB_COLUMNS} FROM portal.zadania WHERE id = $1 AND rodzaj = $2`, [id, EXTRACT_KIND]);
    return row;
  }

  async listFor(userId: number): Promise<JobRow[]> {
    return this.ctx.db.query<JobRow & Record<string, unknown>>(`SELECT ${JOB_COLUMNS} FROM portal.zadania WHERE uzytkownik_id = $1 AND rodzaj = $2 ORDER BY utworzono DESC LIMIT 200`, [userId, EXTRACT_KIND]);
  }

  async submit(params: JobParams, who: { userId: number | null; role: Role }, portal: string): Promise<string> {
    const id = await enqueueJob(this.ctx.db, params, who, portal);
    void this.kick();
    return id;
  }

  /** Cancels a waiting or running job; false if it had already ended. */
  async cancel(id: string): Promise<boolean> {
    const rows = await this.ctx.db.query(`UPDATE portal.zadania SET status = 'cancelled', zakonczono = now() WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`, [id]);
    this.running.get(id)?.abort();
    return rows.length > 0;
  }

  /** One round: requeue orphans, remove expired files, start jobs while below the concurrency. */
  kick(): Promise<void> {
    this.kicking ??= this.round().catch((err: Error) => this.ctx.log.warn({ err: err.message }, 'downloads: job round failed')).finally(() => { this.kicking = undefined; });
    return this.kicking;
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    const cfg = this.ctx.config.downloads;
    // A job this process is running is never taken for an orphan, however late its heartbeat (a busy machine, a long
    // GC pause): only another, dead process's jobs are resumed.
    await this.ctx.db.query(
      `UPDATE portal.zadania SET status = CASE WHEN proby >= $2 THEN 'failed' ELSE 'queued' END,
         blad = CASE WHEN proby >= $2 THEN 'Interrupted again by a server restart' ELSE blad END, postep = 0
       WHERE status = 'running' AND aktualizowano < now() - make_interval(secs => $1) AND NOT (id = ANY ($3::uuid[]))`,
      [cfg.staleSeconds, MAX_ATTEMPTS, [...this.running.keys()]]);
    if (Date.now() - this.lastSweep > cfg.sweepSeconds * 1000) {
      this.lastSweep = Date.now();
      await this.sweep();
      for (const [name, kind] of Object.entries(this.kinds)) {
        await kind.sweep?.().catch((err: Error) => this.ctx.log.warn({ err: err.message, kind: name }, 'downloads: sweep failed'));
      }
    }
    while (!this.stopped && this.running.size < cfg.concurrency) {
      const [job] = await this.ctx.db.query<JobRow & Record<string, unknown>>(
        `UPDATE portal.zadania SET status = 'running', proby = proby + 1, rozpoczeto = now(), aktualizowano = now(), postep = 0
         WHERE id = (SELECT id FROM portal.zadania WHERE status = 'queued' AND rodzaj = ANY($1::text[]) ORDER BY utworzono LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING ${JOB_COLUMNS}, rodzaj`, [this.kindNames]);
      if (!job) break;
      const controller = new AbortController();
      this.running.set(job.id, controller);
      // Which process runs which attempt (the log line carries the pid): for operators and the supervision test.
      this.ctx.log.info({ job: job.id, attempt: job.proby }, 'downloads: job started');
      void this.run(job, controller).finally(() => { this.running.delete(job.id); void this.kick(); });
    }
  }

  private request(job: JobRow): ExtractRequest {
    const p = job.parametry;
    const layers = p.layers.map((name) => {
      const l = this.ctx.catalog.layer(name, job.rola);
      if (!l) throw new HttpProblem(400, 'Bad Request', `Layer ${name} is not available`);
      // The terms again when the job runs (its role at submission; the setting may have changed since).
      return downloadableLayer(l, job.rola, this.ctx.config.downloadTerms, 'layers');
    });
    const crs = resolveCrs(p.crs)?.crs;
    if (!crs) throw new HttpProblem(400, 'Bad Request', `CRS ${p.crs} is not available`);
    const format = extractFormat(p.format);
    if (!format) throw new HttpProblem(400, 'Bad Request', `Format ${p.format} is not available`);
    return { layers, rasters: p.rasters.filter(isRasterKind), format, area: p.area, crs, role: job.rola, baseUrl: p.baseUrl, dataDir: this.ctx.config.sampleDataDir };
  }

  private async run(job: JobRow, controller: AbortController): Promise<void> {
    const db = this.ctx.db;
    const cfg = this.ctx.config.downloads;
    let last = 0;
    let reporting: Promise<unknown> = Promise.resolve();
    const alive = async (progress?: number) => {
      const rows = await db.query(`UPDATE portal.zadania SET aktualizowano = now()${progress === undefined ? '' : ', postep = $2'} WHERE id = $1 AND status = 'running' RETURNING id`,
        progress === undefined ? [job.id] : [job.id, progress]);
      if (rows.length === 0) controller.abort(); // cancelled (or taken over after a stall)
    };
    const heartbeat = setInterval(() => { reporting = reporting.then(() => alive()).catch(() => undefined); }, Math.max(1_000, cfg.staleSeconds * 250));
    heartbeat.unref();
    const progress = (done: number, total: number) => {
      const now = Date.now();
      if (now - last < 500) return;
      last = now;
      reporting = reporting.then(() => alive(Math.min(0.99, total ? done / total : 0))).catch(() => undefined);
    };
    const kind = job.rodzaj === undefined || job.rodzaj === EXTRACT_KIND || job.rodzaj === PACKAGE_KIND ? undefined : this.kinds[job.rodzaj];
    try {
      const p = job.parametry;
      const result: JobOutput = kind
        ? await kind.run(job, cfg.dir, progress, controller.signal)
        : p.package
          ? await runPackage({ db, catalog: this.ctx.catalog, role: job.rola, area: p.area, pkg: p.package, baseUrl: p.baseUrl, dataDir: this.ctx.config.sampleDataDir,
            dir: cfg.dir, jobId: job.id, progress, signal: controller.signal })
          : await runExtract(db, this.request(job), cfg.dir, job.id, p.counts, progress, controller.signal);
      await reporting;
      const keepSeconds = kind ? kind.keepSeconds() : p.package ? PACKAGE_KEEP_DAYS * 86_400 : cfg.expiryHours * 3600;
      // A package's case moves to "materiały przygotowane" in the same transaction that marks its job done.
      let readyCase: string | undefined;
      const rows = await db.transaction(async (tx) => {
        const done = await tx.query(
          `UPDATE portal.zadania SET status = 'done', postep = 1, plik = $2, "nazwaPliku" = $3, "typPliku" = $4, "rozmiarBajtow" = $5,
             "liczbaObiektow" = $6, zakonczono = now(), wygasa = now() + make_interval(secs => $7) WHERE id = $1 AND status = 'running' RETURNING id`,
          [job.id, path.relative(cfg.dir, result.file), result.fileName, result.contentType, result.size, result.features, keepSeconds]);
        if (done.length > 0 && p.package) readyCase = await materialsReadyIn(tx, job.id);
        return done;
      });
      if (rows.length === 0) await rm(path.join(cfg.dir, job.id), { recursive: true, force: true });
      else {
        this.ctx.log.info({ job: job.id, attempt: job.proby }, 'downloads: job done');
        await kind?.done?.(job);
        // The surveyor learns by e-mail that the package is ready (after the commit; a failed mail is only logged).
        if (readyCase) await notifyPackageReady(this.ctx, readyCase, p.baseUrl);
      }
    } catch (err) {
      await reporting;
      await rm(path.join(cfg.dir, job.id), { recursive: true, force: true }).catch(() => undefined);
      if (this.stopped) return; // the process is going down: another instance (or this one after a restart) resumes it
      // Every connection busy, or the database away for a moment: not the job's fault. It waits a little (holding
      // its slot, which eases the pressure) and goes back to the queue, up to MAX_ATTEMPTS runs in all.
      if ((err instanceof DatabaseBusy || isDatabaseUnavailable(err)) && !controller.signal.aborted && job.proby < MAX_ATTEMPTS) {
        this.ctx.log.warn({ job: job.id, attempt: job.proby, err: (err as Error).message }, 'downloads: job interrupted by a busy database; queued again');
        await new Promise((r) => setTimeout(r, 2_000 * job.proby));
        await db.query(`UPDATE portal.zadania SET status = 'queued', postep = 0 WHERE id = $1 AND status = 'running'`, [job.id]).catch(() => undefined);
        return;
      }
      const message = err instanceof HttpProblem ? (err.detail ?? err.title) : controller.signal.aborted ? 'Cancelled' : 'The file could not be prepared';
      if (!(err instanceof HttpProblem) && !controller.signal.aborted) this.ctx.log.error({ err: (err as Error).message, job: job.id }, 'downloads: job failed');
      await db.query(`UPDATE portal.zadania SET status = 'failed', blad = $2, zakonczono = now() WHERE id = $1 AND status = 'running'`, [job.id, message]).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Removes files past their expiry and of cancelled or failed jobs. */
  private async sweep(): Promise<void> {
    const expired = await this.ctx.db.query<{ id: string }>(
      `UPDATE portal.zadania SET status = 'expired' WHERE status = 'done' AND wygasa < now() RETURNING id`);
    for (const { id } of expired) await rm(path.join(this.ctx.config.downloads.dir, id), { recursive: true, force: true });
  }
}
