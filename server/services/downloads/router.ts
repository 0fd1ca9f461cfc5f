// /api/sheets (the PL-2000 sheet index and map sheets), /api/extract and /api/extracts (data extracts, synchronous
// and as jobs), /api/jobs (status, events, file, cancel), /api/downloads (the caller's jobs) and the admin
// statistics of the download register. Errors are JSON problems (http/problem.ts).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import express, { type Request, type Response } from 'express';
import type { ServiceContext } from '../context.ts';
import { baseUrl, requestIdentity, type Identity } from '../context.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { PORTAL_IDS } from '../../catalog/portals.ts';
import type { Layer } from '../../catalog/types.ts';
import { downloadableLayer, requireDownloadable } from '../../catalog/download-terms.ts';
import { collection, parseScale, sheetByName, sheetFeature, sheetsOfPolygon, sheetsQuery } from './sheets-api.ts';
import { bad, parseCrsName, resolveArea, type AreaInput, type ExtractArea } from './area.ts';
import { countExtract, extractFormat, runExtract, EXTRACT_FORMATS, type ExtractRequest } from './extract.ts';
import { isRasterKind, RASTER_KINDS } from './raster.ts';
import { FINAL_STATUSES, JobRunner, jobJson, type JobParams, type JobRow } from './jobs.ts';
import { sendRegisteredBuffer, sendRegisteredFile } from './register.ts';
import { MAP_FORMATS, parseDpi, renderSheet, sheetLayers, type MapFormat } from './map-sheet.ts';
import { downloadStats, statsPage, statsRange } from './stats.ts';

function portalOf(value: unknown): string {
  if (value === undefined || value === '') return 'klienci';
  if (!(PORTAL_IDS as readonly string[]).includes(String(value))) throw bad(`portal must be one of ${PORTAL_IDS.join(', ')}`);
  return String(value);
}

/** The largest extract area for a role (km²). */
export function maxAreaKm2(ctx: ServiceContext, who: Identity): number {
  if (who.role === 'admin') return Infinity;
  return who.role === 'anonim' ? ctx.config.downloads.maxAreaKm2Anonymous : ctx.config.downloads.maxAreaKm2;
}

interface PlannedExtract { request: ExtractRequest; counts: Record<string, number>; total: number }

/** Validates an extract request (layers, format, area, CRS) and checks the limits on the counted features. */
async function planExtract(ctx: ServiceContext, req: Request, who: Identity, input: { layers: unknown; format: unknown; area: AreaInput; crs: unknown }): Promise<PlannedExtract> {
  const format = extractFormat(String(input.format ?? '').toLowerCase());
  if (!format) throw bad(`format must be one of ${EXTRACT_FORMATS.join(', ')}`);
  const names = (Array.isArray(input.layers) ? input.layers.map(String) : String(input.layers ?? '').split(',')).map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw bad('layers: name at least one catalogue layer (or nmt, nmpt)');
  if (names.length > 50) throw bad('layers: at most 50');
  const layers: Layer[] = [];
  const rasters: ('nmt' | 'nmpt')[] = [];
  for (const n of [...new Set(names)]) {
    if (isRasterKind(n.toLowerCase())) { rasters.push(n.toLowerCase() as 'nmt' | 'nmpt'); continue; }
    const l = ctx.catalog.layer(n, who.role);
    if (!l) throw bad(`layers: unknown layer ${n}`, { layer: n });
    // Charged layers are refused, partly free ones narrowed to their free part (catalog/download-terms.ts).
    layers.push(downloadableLayer(l, who.role, ctx.config.downloadTerms, 'layers'));
  }
  if (format.content === 'terrain' && layers.length > 0) throw bad(`format ${format.id} holds terrain models only (${RASTER_KINDS.join(', ')}); choose a vector format for ${layers[0]!.typeName}`);
  if (format.content !== 'terrain' && layers.length === 0) throw bad(`${RASTER_KINDS.join(' and ')} are rasters: use format=${EXTRACT_FORMATS.find((id) => extractFormat(id)!.content === 'terrain')}`);
  const crs = parseCrsName(input.crs, 'crs');
  if (format.projectedOnly && crs.geographic) throw bad(`${format.id} is written in projected metres: choose EPSG:2177 or EPSG:2180`);
  const area: ExtractArea = await resolveArea(ctx.db, input.area, ctx.config.downloads.maxSheets);
  const maxArea = maxAreaKm2(ctx, who);
  if (area.areaKm2 > maxArea) {
    // In people's words, not the internal role name; the portal writes it in the page's language from the members.
    const anonymous = who.role === 'anonim';
    throw new HttpProblem(413, 'Area too large',
      `The area is ${area.areaKm2.toFixed(3)} km²; at most ${maxArea} km² ${anonymous ? `without signing in (signed-in users: ${ctx.config.downloads.maxAreaKm2} km²)` : 'for this account'}`,
      { areaKm2: area.areaKm2, maxAreaKm2: maxArea, anonymous });
  }
  const request: ExtractRequest = { layers, rasters, format, area, crs, role: who.role, baseUrl: baseUrl(req, ctx.config), dataDir: ctx.config.sampleDataDir };
  const counts = await countExtract(ctx.db, request);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total > ctx.config.downloads.maxFeatures) {
    throw new HttpProblem(413, 'Too many features', `The extract holds ${total} features; at most ${ctx.config.downloads.maxFeatures}: choose a smaller area or fewer layers`, { features: total, maxFeatures: ctx.config.downloads.maxFeatures, counts });
  }
  return { request, counts, total };
}

function areaFromQuery(q: Record<string, unknown>): AreaInput {
  return { bbox: q.bbox, polygon: q.polygon, sheets: q.sheets, crs: q['bbox-crs'] ?? q['area-crs'] };
}

function requireAdmin(req: Request): void {
  if (requestIdentity(req).role !== 'admin') throw new HttpProblem(403, 'Forbidden', 'The download statistics are for administrators');
}

/** A job is the caller's when it was theirs (signed in) or anonymous (its unguessable id is the capability). */
function canSee(job: JobRow, who: Identity): boolean {
  return job.uzytkownik_id === null || job.uzytkownik_id === who.userId || who.role === 'admin';
}

/**
 * At most `limit` map sheets drawn at once per process (a 300 dpi sheet is 56 Mpx, a few hundred MB while drawn);
 * a few more wait their turn, the rest are told to come back (503 + Retry-After).
 */
export class RenderGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number, private readonly queue: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.queue) throw new HttpProblem(503, 'Service Unavailable', 'Too many map sheets are being drawn; try again in a minute', { retryAfter: 30 });
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); else this.active--;
    }
  }
}

/**
 * At most `limit` downloads at once per client (the account when signed in, else the address): one client cannot
 * hold every file transfer or streaming connection. Over the cap: 429 with Retry-After.
 */
export class DownloadSlots {
  private readonly active = new Map<string, number>();
  constructor(private readonly limit: number) {}
  /** Takes a slot for the request until its response closes. */
  take(req: Request, res: Response): void {
    const who = requestIdentity(req);
    const key = who.userId !== null ? `u:${who.userId}` : `a:${req.ip}`;
    const n = this.active.get(key) ?? 0;
    if (n >= this.limit) {
      throw new HttpProblem(429, 'Too Many Requests', `At most ${this.limit} downloads at once per client; try again when one has finished`, { limit: this.limit }, { 'Retry-After': '10' });
    }
    this.active.set(key, n + 1);
    res.once('close', () => {
      const left = (this.active.get(key) ?? 1) - 1;
      if (left <= 0) this.active.delete(key); else this.active.set(key, left);
    });
  }
}

/** runner: the process's job runner (http/app.ts gives it the other services' job kinds); started here. */
export function downloadsRouter(ctx: ServiceContext, runner: JobRunner = new JobRunner(ctx)): express.Router {
  const router = express.Router();
  runner.start();
  const json = express.json({ limit: '2mb', type: ['application/json', 'application/geo+json'] });
  const cfg = ctx.config.downloads;
  const sheetsGate = new RenderGate(cfg.concurrency, 4 * cfg.concurrency);
  const slots = new DownloadSlots(cfg.perClient);

  // ---- the sheet index
  router.get('/api/sheets', async (req, res) => {
    const { sheets, crs } = sheetsQuery(req.query as Record<string, unknown>, cfg.maxSheets);
    res.type('application/geo+json').json(collection(sheets, crs));
  });
  router.post('/api/sheets', json, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const q = req.query as Record<string, unknown>;
    const scale = parseScale(q.scale ?? body.scale, true)!;
    const crs = parseCrsName(q.crs ?? body.crs, 'crs');
    const area = await resolveArea(ctx.db, { polygon: body.type === 'Feature' || body.type === 'Polygon' || body.type === 'MultiPolygon' ? body : body.polygon, crs: q['polygon-crs'] ?? body['polygon-crs'] }, cfg.maxSheets);
    const { sheets } = sheetsOfPolygon(area.geometry, scale, crs, cfg.maxSheets);
    res.type('application/geo+json').json(collection(sheets, crs));
  });
  router.get('/api/sheets/:godlo', async (req, res) => {
    const crs = parseCrsName((req.query as Record<string, unknown>).crs, 'crs');
    res.type('application/geo+json').json(sheetFeature(sheetByName(String(req.params.godlo)), crs));
  });

  // ---- map sheets: /api/sheets/{godło}/map.{png|tif|pdf}
  router.get('/api/sheets/:godlo/map.:format', async (req, res) => {
    const format = String(req.params.format) as MapFormat;
    if (!(MAP_FORMATS as readonly string[]).includes(format)) throw new HttpProblem(404, 'Not Found', `Map sheets come as ${MAP_FORMATS.join(', ')}`);
    const sheet = sheetByName(String(req.params.godlo));
    const q = req.query as Record<string, unknown>;
    const who = requestIdentity(req);
    // A base-map sheet is charged by the tariff (MZ.arkusz.el): for the staff, else through an order (catalog/download-terms.ts).
    requireDownloadable('mapa_zasadnicza', who.role, ctx.config.downloadTerms, `Base-map sheet ${sheet.godlo}`, 'godlo');
    const portal = portalOf(q.portal);
    const layers = sheetLayers(ctx.catalog, who.role, q.layers);
    const dpi = parseDpi(q.dpi, cfg.maxDpi, 300);
    slots.take(req, res);
    let out;
    try {
      out = await sheetsGate.run(() => renderSheet(ctx.db, sheet, layers, who.role, format, dpi, ctx.config.sampleDataDir));
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 503) res.set('Retry-After', '30');
      throw err;
    }
    const [a, b, c, d] = sheet.bounds;
    await sendRegisteredBuffer(ctx.db, res, out.body, { name: out.fileName, type: out.type }, {
      who, portal, resource: `arkusz ${sheet.godlo} 1:${sheet.scale}`, layers: layers.map((l) => l.typeName), format, features: null,
      area: { type: 'Polygon', coordinates: [[[a, b], [c, b], [c, d], [a, d], [a, b]]] },
    }, ctx.log);
  });

  // ---- a small extract at once
  router.get('/api/extract', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const who = requestIdentity(req);
    const portal = portalOf(q.portal);
    slots.take(req, res);
    const plan = await planExtract(ctx, req, who, { layers: q.layers, format: q.format, area: areaFromQuery(q), crs: q.crs });
    if (plan.total > cfg.syncMaxFeatures) {
      throw new HttpProblem(413, 'Too many features for a direct download', `${plan.total} features; up to ${cfg.syncMaxFeatures} are sent at once: POST /api/extracts to prepare a larger file`, { features: plan.total, counts: plan.counts });
    }
    const id = randomUUID();
    try {
      const result = await runExtract(ctx.db, plan.request, cfg.dir, id, plan.counts);
      await sendRegisteredFile(ctx.db, res, { path: result.file, name: result.fileName, type: result.contentType }, {
        who, portal, resource: plan.request.layers.map((l) => l.typeName).concat(plan.request.rasters).join(','),
        layers: [...plan.request.layers.map((l) => l.typeName), ...plan.request.rasters], format: plan.request.format.id, features: result.features, area: plan.request.area.geometry,
      }, ctx.log);
    } finally {
      await rm(path.join(cfg.dir, id), { recursive: true, force: true });
    }
  });

  // ---- jobs
  router.post('/api/extracts', json, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw bad('The body must be a JSON object');
    const area = (body.area ?? {}) as Record<string, unknown>;
    if (typeof area !== 'object') throw bad('area must be an object: {bbox} | {polygon} | {sheets}');
    const who = requestIdentity(req);
    const portal = portalOf(body.portal);
    const plan = await planExtract(ctx, req, who, { layers: body.layers, format: body.format, area: { bbox: area.bbox, polygon: area.polygon, sheets: area.sheets, crs: area.crs ?? body['area-crs'] }, crs: body.crs });
    const params: JobParams = {
      layers: plan.request.layers.map((l) => l.typeName), rasters: [...plan.request.rasters], format: plan.request.format.id,
      area: plan.request.area, crs: plan.request.crs.code, baseUrl: plan.request.baseUrl, counts: plan.counts,
    };
    const id = await runner.submit(params, who, portal);
    const job = await runner.get(id);
    res.status(202).location(`/api/jobs/${id}`).json(jobJson(job!, baseUrl(req, ctx.config)));
  });

  const jobOf = async (req: Request): Promise<JobRow> => {
    const job = await runner.get(String(req.params.id));
    if (!job || !canSee(job, requestIdentity(req))) throw new HttpProblem(404, 'Not Found', 'No such job');
    return job;
  };

  router.get('/api/jobs/:id', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(jobJson(await jobOf(req), baseUrl(req, ctx.config)));
  });

  // Server-Sent Events: the job's state whenever it changes, until it ends. Read from the database, so any
  // instance can serve them whichever runs the job.
  router.get('/api/jobs/:id/events', async (req, res) => {
    let job = await jobOf(req);
    const base = baseUrl(req, ctx.config);
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    let closed = false;
    res.on('close', () => { closed = true; });
    let last = '';
    let ticks = 0;
    while (!closed) {
      const data = JSON.stringify(jobJson(job, base));
      if (data !== last) {
        res.write(`event: ${FINAL_STATUSES.includes(job.status) ? job.status === 'done' ? 'done' : 'end' : 'progress'}\nid: ${++ticks}\ndata: ${data}\n\n`);
        last = data;
      } else if (ticks++ % 30 === 0) res.write(': keep-alive\n\n');
      if (FINAL_STATUSES.includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 400));
      const next = await runner.get(job.id);
      if (!next) break;
      job = next;
    }
    res.end();
  });

  router.get('/api/jobs/:id/file', async (req, res) => {
    const job = await jobOf(req);
    if (job.status === 'expired') throw new HttpProblem(410, 'Gone', 'The file has expired; submit the extract again');
    if (job.status !== 'done' || !job.plik) throw new HttpProblem(409, 'Conflict', `The job is ${job.status}; the file is there once it is done`, { status: job.status });
    const file = path.resolve(cfg.dir, job.plik);
    if (!file.startsWith(path.resolve(cfg.dir) + path.sep)) throw new HttpProblem(404, 'Not Found', 'No such file');
    const who = requestIdentity(req);
    const p = job.parametry;
    slots.take(req, res);
    await sendRegisteredFile(ctx.db, res, { path: file, name: job.nazwaPliku ?? path.basename(file), type: job.typPliku ?? 'application/octet-stream' }, {
      who, portal: job.portal, resource: [...p.layers, ...p.rasters].join(','), layers: [...p.layers, ...p.rasters], format: p.format,
      features: job.liczbaObiektow === null ? null : Number(job.liczbaObiektow), area: p.area.geometry, jobId: job.id,
    }, ctx.log);
  });

  router.delete('/api/jobs/:id', async (req, res) => {
    const job = await jobOf(req);
    const cancelled = await runner.cancel(job.id);
    if (!cancelled) throw new HttpProblem(409, 'Conflict', `The job has already ended (${job.status})`, { status: job.status });
    res.status(204).end();
  });

  router.get('/api/downloads', async (req, res) => {
    const who = requestIdentity(req);
    const base = baseUrl(req, ctx.config);
    // Anonymous callers have no list: their jobs are reachable by the links they were given.
    const jobs = who.userId === null ? [] : await runner.listFor(who.userId);
    res.set('Cache-Control', 'no-store').json({ user: who.userId, role: who.role, downloads: jobs.map((j) => jobJson(j, base)) });
  });

  // ---- the download register's statistics (administrators)
  router.get('/api/admin/stats/downloads', async (req, res) => {
    requireAdmin(req);
    res.set('Cache-Control', 'no-store').json(await downloadStats(ctx.db, statsRange(req.query as Record<string, unknown>)));
  });
  router.get('/admin/pobrania', async (req, res) => {
    requireAdmin(req);
    res.set('Cache-Control', 'no-store').type('html').send(statsPage(await downloadStats(ctx.db, statsRange(req.query as Record<string, unknown>))));
  });

  return router;
}
