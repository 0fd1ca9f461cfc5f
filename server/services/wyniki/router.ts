// Returned results of survey work (issue 18, "returned results"): the surveyor hands the changed data and the
// operat over, the service verifies them automatically, the office accepts them into the register or rejects them.
// A thin list of routes; the domain is in server/cases/wyniki/. Errors are ServiceErrors rendered once by
// http/errors.ts (JSON problems under /api, Polish pages under /konto).
//   POST /api/survey-works/{id}/results                       multipart/form-data: GML/DXF (+ PDF) → 201 + the report
//   GET  /api/survey-works/{id}/results                       the submissions with their reports
//   GET  /api/survey-works/{id}/results/{rid}                 one report (JSON)
//   GET  /api/survey-works/{id}/results/{rid}/files/{fid}     a stored file (its SHA-256 in Digest/X-Content-SHA256)
//   POST /api/survey-works/{id}/results/{rid}/decision        office staff: {"decision":"accept"|"reject","reason"}
//   GET  /konto/zgloszenia/{id}/wyniki/{rid}                  the report as a Polish page (+ the decision form for staff)
//   POST /konto/zgloszenia/{id}/wyniki/{rid}/decyzja          the page's form
// Who: the case's owner (a surveyor, role geodeta) submits and reads; office staff (catalog/roles.ts isOfficeStaff)
// read and decide; anyone else gets 404 as if the case did not exist. A session needs the CSRF token (X-CSRF-Token
// or the form field _csrf); an API key does not.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ServiceContext } from '../context.ts';
import { requestIdentity } from '../context.ts';
import { requestAuth } from '../../http/auth.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { csrfProtection, type CsrfProtection } from '../../accounts/csrf.ts';
import { isOfficeStaff } from '../../catalog/roles.ts';
import { page } from '../portal/pages.ts';
import { CaseStateConflict, type Actor } from '../../cases/wyniki/case-state.ts';
import { RegisterChanged } from '../../cases/wyniki/apply.ts';
import { UPLOAD_LIMITS } from '../../cases/wyniki/rules.ts';
import { SUBMITTABLE } from '../../cases/wyniki/states.ts';
import { MultipartError, parseMultipart, type MultipartForm } from '../../http/multipart.ts';
import {
  caseById, decide, DecisionConflict, TooManyObjects, fileKind, historyOf, resultFile, resultsOf, submitResults, type CaseRow, type Decision, type UploadedFile,
} from '../../cases/wyniki/store.ts';
import { reportBody, reportTitle } from '../../cases/wyniki/report-html.ts';
import { learnDataChange } from '../../http/cache.ts';

type Handler = (ctx: ServiceContext, req: Request, res: Response) => Promise<void>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const notFound = () => new HttpProblem(404, 'Not Found', 'No such survey-work notification or results');

function actorOf(req: Request): Actor {
  const auth = requestAuth(req);
  return { userId: auth.userId ?? null, name: auth.login ?? 'anonim' };
}

/** The case, if the caller may see it (owner or office staff); 404 otherwise. */
async function visibleCase(ctx: ServiceContext, req: Request): Promise<{ c: CaseRow; staff: boolean }> {
  const id = String(req.params.id ?? '');
  if (!UUID.test(id)) throw notFound();
  const c = await caseById(ctx.db, id);
  const who = requestIdentity(req);
  if (!c || who.userId === null) throw notFound();
  const staff = isOfficeStaff(who.role);
  if (!staff && c.uzytkownik_id !== who.userId) throw notFound();
  return { c, staff };
}

function resultId(req: Request): string {
  const rid = String(req.params.rid ?? '');
  if (!UUID.test(rid)) throw notFound();
  return rid;
}

/** The multipart body (read whole by express.raw within the total limit), parsed once by http/multipart.ts. */
async function uploadedFiles(req: Request): Promise<{ files: UploadedFile[]; fields: Record<string, string> }> {
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpProblem(400, 'Bad Request', 'Send the files as multipart/form-data (field "files", one or more)');
  let form: MultipartForm;
  try {
    form = await parseMultipart(req.body, req.get('content-type'), { parts: UPLOAD_LIMITS.files + 10 });
  } catch (e) {
    if (!(e instanceof MultipartError)) throw e;
    if (e.tooMany) throw new HttpProblem(413, 'Content Too Large', `At most ${UPLOAD_LIMITS.files} files per submission`, { limit: UPLOAD_LIMITS.files });
    throw new HttpProblem(400, 'Bad Request', `The multipart/form-data body cannot be read: ${e.message}`);
  }
  const files: UploadedFile[] = [];
  const fields = form.fields;
  for (const value of form.files) {
    if (files.length >= UPLOAD_LIMITS.files) throw new HttpProblem(413, 'Content Too Large', `At most ${UPLOAD_LIMITS.files} files per submission`, { limit: UPLOAD_LIMITS.files });
    if (value.data.length > UPLOAD_LIMITS.fileBytes) throw new HttpProblem(413, 'Content Too Large', `File ${value.filename}: larger than ${UPLOAD_LIMITS.fileBytes} bytes`, { file: value.filename, limit: UPLOAD_LIMITS.fileBytes });
    const f: UploadedFile = { name: (value.filename || `plik-${files.length + 1}`).slice(0, 200), bytes: value.data, mediaType: value.contentType ?? '' };
    if (f.bytes.length === 0) throw new HttpProblem(400, 'Bad Request', `File ${f.name} is empty`, { file: f.name });
    if (!fileKind(f)) throw new HttpProblem(415, 'Unsupported Media Type', `File ${f.name}: results are GML (.gml), DXF (.dxf) and PDF (.pdf) files`, { file: f.name, accepted: ['gml', 'dxf', 'pdf'] });
    if (fileKind(f) === 'gml' && f.bytes.length > UPLOAD_LIMITS.gmlBytes) throw new HttpProblem(413, 'Content Too Large', `GML file ${f.name}: larger than ${UPLOAD_LIMITS.gmlBytes} bytes (split the results)`, { file: f.name, limit: UPLOAD_LIMITS.gmlBytes });
    files.push(f);
  }
  if (files.length === 0) throw new HttpProblem(400, 'Bad Request', 'No files: send the changed data (GML or DXF) and the operat documents (PDF) as file parts');
  return { files, fields };
}

function conflict(err: unknown): never {
  if (err instanceof TooManyObjects) throw new HttpProblem(413, 'Content Too Large', err.message, { limit: UPLOAD_LIMITS.objects });
  if (err instanceof CaseStateConflict || err instanceof DecisionConflict || err instanceof RegisterChanged) {
    throw new HttpProblem(409, 'Conflict', err.message, err instanceof CaseStateConflict ? { state: err.current } : {});
  }
  throw err;
}

function resultJson(caseId: string, r: Awaited<ReturnType<typeof resultsOf>>[number]) {
  const base = `/api/survey-works/${caseId}/results/${r.id}`;
  return {
    id: r.id, number: r.numer, submitted: r.zlozono, passed: r.weryfikacjaPozytywna,
    decision: r.decyzja ? { decision: r.decyzja, reason: r.powodDecyzji, by: r.decyzjaKto, at: r.decyzjaCzas } : null,
    files: r.files.map((f) => ({ name: f.nazwa, kind: f.rodzaj, size: f.rozmiar, sha256: f.sha256, href: `${base}/files/${f.id}` })),
    report: r.raport, href: base, page: `/konto/zgloszenia/${caseId}/wyniki/${r.id}`,
  };
}

function postResults(csrf: CsrfProtection): Handler {
  return async (ctx, req, res) => {
    const { c } = await visibleCase(ctx, req);
    const who = requestIdentity(req);
    if (c.uzytkownik_id !== who.userId) throw new HttpProblem(403, 'Forbidden', 'Only the surveyor who notified the work hands its results over');
    if (who.role !== 'geodeta') throw new HttpProblem(403, 'Forbidden', 'Results are handed over by a licensed surveyor (role geodeta)');
    const { files, fields } = await uploadedFiles(req);
    if (requestAuth(req).kind === 'session') {
      req.body = fields;
      if (!csrf.valid(req)) throw new HttpProblem(403, 'Forbidden', 'A request with a session needs the CSRF token from GET /api/session as X-CSRF-Token');
    }
    if (!SUBMITTABLE.includes(c.stan)) throw new HttpProblem(409, 'Conflict', `the notification is "${c.stan}": results are handed over in the states ${SUBMITTABLE.join(', ')}`, { state: c.stan });
    const s = await submitResults(ctx.db, c.id, actorOf(req), files).catch(conflict);
    const [row] = await resultsOf(ctx.db, c.id, s.id);
    res.status(201).location(`/api/survey-works/${c.id}/results/${s.id}`).set('Cache-Control', 'no-store').json(resultJson(c.id, row!));
  };
}

const getResults: Handler = async (ctx, req, res) => {
  const { c } = await visibleCase(ctx, req);
  const rows = await resultsOf(ctx.db, c.id);
  res.set('Cache-Control', 'no-store').json({ id: c.id, number: c.numer, state: c.stan, history: await historyOf(ctx.db, c.id), results: rows.map((r) => resultJson(c.id, r)) });
};

const getResult: Handler = async (ctx, req, res) => {
  const { c } = await visibleCase(ctx, req);
  const [row] = await resultsOf(ctx.db, c.id, resultId(req));
  if (!row) throw notFound();
  res.set('Cache-Control', 'no-store').json(resultJson(c.id, row));
};

const getFile: Handler = async (ctx, req, res) => {
  const { c } = await visibleCase(ctx, req);
  const rid = resultId(req);
  const fid = Number(req.params.fid);
  if (!Number.isSafeInteger(fid) || fid <= 0 || !(await resultsOf(ctx.db, c.id, rid)).length) throw notFound();
  const f = await resultFile(ctx.db, rid, fid);
  if (!f) throw notFound();
  res.set({ 'Cache-Control': 'no-store', 'X-Content-SHA256': f.sha256, 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.nazwa)}` })
    .type(f.typMediow).send(f.tresc);
};

function decisionOf(body: unknown): Decision {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const reason = typeof b.reason === 'string' && b.reason.trim() ? b.reason.trim().slice(0, 4000) : null;
  if (b.decision === 'accept') return { decision: 'accept', reason };
  if (b.decision === 'reject') {
    if (!reason) throw new HttpProblem(400, 'Bad Request', 'reason: a rejection needs its reasons (they go to the surveyor)', { parameter: 'reason' });
    return { decision: 'reject', reason };
  }
  throw new HttpProblem(400, 'Bad Request', 'decision must be "accept" or "reject"', { parameter: 'decision' });
}

async function decideFor(ctx: ServiceContext, req: Request, csrf: CsrfProtection) {
  const { c, staff } = await visibleCase(ctx, req);
  if (!staff) throw new HttpProblem(403, 'Forbidden', 'Results are accepted or rejected by the office staff');
  if (requestAuth(req).kind === 'session' && !csrf.valid(req)) throw new HttpProblem(403, 'Forbidden', 'A request with a session needs the CSRF token (X-CSRF-Token or the form field _csrf)');
  const d = decisionOf(req.body);
  const outcome = await decide(ctx.db, c.id, resultId(req), d, actorOf(req)).catch(conflict);
  if (outcome.dataVersion !== undefined) await learnDataChange(ctx.db, ctx.config.cache, ctx.log, outcome.dataVersion);
  return { c, outcome };
}

function postDecision(csrf: CsrfProtection): Handler {
  return async (ctx, req, res) => {
    const { outcome } = await decideFor(ctx, req, csrf);
    res.set('Cache-Control', 'no-store').json({ state: outcome.state, applied: outcome.applied ?? null });
  };
}

function postDecisionForm(csrf: CsrfProtection): Handler {
  return async (ctx, req, res) => {
    const { c } = await decideFor(ctx, req, csrf);
    res.redirect(303, `/konto/zgloszenia/${c.id}/wyniki/${resultId(req)}`);
  };
}

function getReportPage(csrf: CsrfProtection): Handler {
  return async (ctx, req, res) => {
    const { c, staff } = await visibleCase(ctx, req);
    const [row] = await resultsOf(ctx.db, c.id, resultId(req));
    if (!row) throw notFound();
    const auth = requestAuth(req);
    const token = csrf.token(req, res);
    const pc = { caseNumber: c.numer, caseState: c.stan, caseId: c.id, result: row, staff, ...(staff && auth.kind === 'session' ? { decisionCsrf: token } : {}) };
    res.set('Cache-Control', 'no-store').type('html').send(page(reportTitle(pc), reportBody(pc), auth.login ? { login: auth.login, role: auth.role } : undefined, token));
  };
}

export function wynikiRouter(ctx: ServiceContext): express.Router {
  const router = express.Router();
  const run = (h: Handler) => (req: Request, res: Response, next: NextFunction) => { h(ctx, req, res).catch(next); };
  const csrf = csrfProtection(ctx.db, ctx.config);
  // The whole multipart body at most the total limit plus the parts' headers; larger is a 413 problem.
  const multipart = express.raw({ type: 'multipart/form-data', limit: UPLOAD_LIMITS.totalBytes + 64 * 1024 });
  const requireMultipart = (req: Request, _res: Response, next: NextFunction) => {
    if (!req.is('multipart/form-data')) return next(new HttpProblem(415, 'Unsupported Media Type', 'Send the results as multipart/form-data'));
    next();
  };
  const json = express.json({ limit: '16kb' });
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 });

  router.post('/api/survey-works/:id/results', csrf.ready, requireMultipart, multipart, run(postResults(csrf)));
  router.get('/api/survey-works/:id/results', run(getResults));
  router.get('/api/survey-works/:id/results/:rid', run(getResult));
  router.get('/api/survey-works/:id/results/:rid/files/:fid', run(getFile));
  router.post('/api/survey-works/:id/results/:rid/decision', csrf.ready, json, run(postDecision(csrf)));
  router.get('/konto/zgloszenia/:id/wyniki/:rid', csrf.ready, run(getReportPage(csrf)));
  router.post('/konto/zgloszenia/:id/wyniki/:rid/decyzja', csrf.ready, form, run(postDecisionForm(csrf)));
  return router;
}
