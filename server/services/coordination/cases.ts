// The handlers of coordination cases (/api/coordination/cases, /api/coordination/operators): who may do what, the
// JSON of a case, and the e-mails at each step. The rules live in coordination/case-states.ts, the SQL in
// coordination/case-store.ts, the protocol in documents/coordination-protocol-pdf.ts.
//
// Who sees a case: the designer who filed it, the members (role branzysta) of every operator invited to it, and the
// office's staff (pracownik, admin); anyone else gets 404, as if it did not exist. Parties are operators (firms), not
// single users: any member of an invited operator states that operator's position.
import type { Request, Response } from 'express';
import { baseUrl, requestIdentity, type ServiceContext } from '../context.ts';
import { CASE_PORTAL, casePath, caseUrl } from '../../cases/links.ts';
import { requestAuth } from '../../http/auth.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { isOfficeStaff } from '../../catalog/roles.ts';
import type { CsrfProtection } from '../../accounts/csrf.ts';
import type { Mailer } from '../../accounts/mail.ts';
import { EMAIL_PATTERN, userById, userByLoginOrEmail } from '../../accounts/users.ts';
import { audit } from '../../accounts/audit.ts';
import { checkDesign } from '../../coordination/check.ts';
import { BRANZE, normaliseBranza, type Branza } from '../../coordination/branches.ts';
import { chooseParties, parseSubmission, storedDesign } from '../../coordination/submission.ts';
import { CASE_STATES, POSITIONS, type CaseState, type Position } from '../../coordination/case-states.ts';
import { checkPosition } from '../../coordination/design.ts';
import {
  addOperator, addOperatorMember, CaseConflict, caseById, caseDocument, fileCase, issueProtocol, listCases, listOperators, operatorsOfUser,
  partyAddresses, statePosition, withdrawCase, type Actor, type CoordinationCase,
} from '../../coordination/case-store.ts';
import { addWorkingDays, warsawDay } from '../../cases/working-days.ts';
import { lengthsByBranch, renderProtocolPdf } from '../../documents/coordination-protocol-pdf.ts';
import { learnDataChange } from '../../http/cache.ts';
import { signPdf, signingIdentity } from '../../documents/sign.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const bad = (detail: string, parameter: string) => new HttpProblem(400, 'Bad Request', detail, { parameter });
const bodyOf = (req: Request) => (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {}) as Record<string, unknown>;

export interface CaseDeps { csrf: CsrfProtection; mailer: Mailer }

/** A session's request must carry the CSRF token (the cookie is ambient); a key's need not. */
function requireCsrf(deps: CaseDeps, req: Request): void {
  if (requestAuth(req).kind === 'session' && !deps.csrf.valid(req)) {
    throw new HttpProblem(403, 'Forbidden', 'A request with a session needs the CSRF token from GET /api/session as X-CSRF-Token');
  }
}

function signedIn(req: Request): { userId: number; role: ReturnType<typeof requestIdentity>['role']; actor: Actor } {
  const who = requestIdentity(req);
  if (who.userId === null) throw new HttpProblem(401, 'Unauthorized', 'Sign in (session or API key) to use coordination cases');
  return { userId: who.userId, role: who.role, actor: { userId: who.userId, name: requestAuth(req).login ?? String(who.userId) } };
}

/** How the caller stands to a case: its designer, an invited operator's member (with the operators), office staff. */
interface Standing { case: CoordinationCase; designer: boolean; operators: number[]; office: boolean }

async function standing(ctx: ServiceContext, req: Request): Promise<Standing> {
  const id = String(req.params.id ?? '');
  const notFound = () => new HttpProblem(404, 'Not Found', 'No such coordination case');
  if (!UUID.test(id)) throw notFound();
  const { userId, role } = signedIn(req);
  const c = await caseById(ctx.db, id);
  if (!c) throw notFound();
  const office = isOfficeStaff(role);
  const designer = c.userId === userId;
  const mine = role === 'branzysta' ? await operatorsOfUser(ctx.db, userId) : [];
  const operators = c.parties.filter((p) => mine.includes(p.operatorId)).map((p) => p.operatorId);
  if (!office && !designer && operators.length === 0) throw notFound();
  return { case: c, designer, operators, office };
}

/** The case as its readers see it (the design and the check's conflicts as GeoJSON for the map). */
export function caseJson(c: CoordinationCase) {
  const href = `/api/coordination/cases/${c.id}`;
  return {
    id: c.id, number: c.number, state: c.state, outcome: c.outcome, investor: c.investor, designer: c.designer, description: c.description,
    format: c.format, term: c.term, created: c.created, changed: c.changed, protocolDate: c.protocolDate, conclusion: c.conclusion,
    lengths: lengthsByBranch(c),
    parties: c.parties.map((p) => ({ operator: p.operatorId, name: p.name, branze: p.branze, position: p.position, reason: p.reason, who: p.who, at: p.at })),
    comments: c.comments.map((k) => ({ id: k.id, operator: k.operatorId, name: k.operator, text: k.text, at: k.at, who: k.who, time: k.time })),
    history: c.history,
    design: { type: 'FeatureCollection', features: c.design },
    check: {
      conflicts: c.report.conflicts, parcels: c.report.parcels,
      features: { type: 'FeatureCollection', features: c.report.conflicts.map((k, i) => ({ type: 'Feature', id: i, geometry: { type: 'Point', coordinates: k.at }, properties: { kind: k.kind, design: k.design, layer: k.with.layer, id: k.with.id, branza: k.with.branza, distanceM: k.distanceM, requiredM: k.requiredM } })) },
    },
    links: {
      self: href, mapPdf: `${href}/mapa.pdf`, protocolPdf: c.state === 'protokół wydany' ? `${href}/protokol.pdf` : null,
      // The case's permalinks in the designers' and the utility firms' portals.
      portal: casePath(CASE_PORTAL.koordynacja, c.id), portalGestor: casePath(CASE_PORTAL.koordynacjaGestor, c.id),
    },
  };
}

/** Sends the messages; a mail failure is logged, never fails the step it reports. */
async function notify(ctx: ServiceContext, deps: CaseDeps, messages: { to: string; subject: string; text: string }[]): Promise<void> {
  for (const m of messages) {
    try { await deps.mailer.send(m); } catch (err) { ctx.log.error({ err: (err as Error).message, subject: m.subject }, 'coordination mail failed'); }
  }
}

async function designerAddress(ctx: ServiceContext, c: CoordinationCase): Promise<string | undefined> {
  return (await userById(ctx.db, c.userId))?.email;
}

/**
 * Mail to the designer and to every invited party about a step of the case, each with the case's permalink in their
 * own portal (cases/links.ts) at the service's address (PUBLIC_URL, else the request's).
 */
async function mailAll(ctx: ServiceContext, deps: CaseDeps, req: Request, c: CoordinationCase, subject: string, body: string): Promise<void> {
  const base = baseUrl(req, ctx.config);
  const link = `Sprawa w portalu:\n  projektant: ${caseUrl(base, CASE_PORTAL.koordynacja, c.id)}\n  gestorzy sieci: ${caseUrl(base, CASE_PORTAL.koordynacjaGestor, c.id)}`;
  const to = [await designerAddress(ctx, c), ...(await partyAddresses(ctx.db, c.id)).map((p) => p.email)].filter((e): e is string => !!e);
  await notify(ctx, deps, [...new Set(to)].map((email) => ({ to: email, subject: `[${c.number}] ${subject}`, text: `${body}\n\n${link}` })));
}

export async function getOperators(ctx: ServiceContext, _req: Request, res: Response): Promise<void> {
  const ops = await listOperators(ctx.db);
  res.set('Cache-Control', 'no-store').json({ operators: ops.map((o) => ({ id: o.id, name: o.name, branze: o.branze })) });
}

/** POST /api/coordination/operators {name, branze, email?}: the office registers a network operator. */
export function postOperator(deps: CaseDeps) {
  return async (ctx: ServiceContext, req: Request, res: Response): Promise<void> => {
    const { role } = signedIn(req);
    if (!isOfficeStaff(role)) throw new HttpProblem(403, 'Forbidden', 'Only the office\'s staff register network operators');
    requireCsrf(deps, req);
    const body = bodyOf(req);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name.length < 2 || name.length > 200) throw bad('name is required: the operator as GESUT names it (wladajacy), 2–200 characters', 'name');
    const branze = Array.isArray(body.branze) ? [...new Set(body.branze.map((b) => normaliseBranza(b)))] : [];
    if (branze.length === 0 || branze.some((b) => b === undefined)) throw bad(`branze must list GESUT branch codes (${BRANZE.map((b) => b.code).join(', ')})`, 'branze');
    const email = body.email === undefined || body.email === null || body.email === '' ? null : body.email;
    if (email !== null && (typeof email !== 'string' || !EMAIL_PATTERN.test(email))) throw bad('email is not an e-mail address', 'email');
    const o = await addOperator(ctx.db, { name, branze: branze as Branza[], email: email as string | null });
    if (!o) throw new HttpProblem(409, 'Conflict', `An operator named ${name} exists`);
    res.status(201).set('Cache-Control', 'no-store').json({ id: o.id, name: o.name, branze: o.branze });
  };
}

/** POST /api/coordination/operators/{id}/members {login}: the office attaches a branżysta account to an operator. */
export function postOperatorMember(deps: CaseDeps) {
  return async (ctx: ServiceContext, req: Request, res: Response): Promise<void> => {
    const { role, actor } = signedIn(req);
    if (!isOfficeStaff(role)) throw new HttpProblem(403, 'Forbidden', 'Only the office\'s staff attach accounts to network operators');
    requireCsrf(deps, req);
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || !(await listOperators(ctx.db)).some((o) => o.id === id)) throw new HttpProblem(404, 'Not Found', 'No such network operator');
    const login = bodyOf(req).login;
    if (typeof login !== 'string' || login.length === 0 || login.length > 254) throw bad('login is required', 'login');
    const user = await userByLoginOrEmail(ctx.db, login);
    if (!user) throw bad(`No account ${login.slice(0, 60)}`, 'login');
    if (user.role !== 'branzysta') throw bad(`The account ${user.login} is not a utility firm's account (role branzysta)`, 'login');
    await addOperatorMember(ctx.db, id, user.id);
    await audit(ctx.db, 'gestor_czlonek_dodany', { userId: actor.userId, login: actor.name, ip: req.ip, details: { gestor: id, konto: user.login } }, ctx.log);
    res.status(204).end();
  };
}

/** GET /api/coordination/cases[?state=]: "Moje sprawy" — the designer's own, the operator's invitations, or (office) all. */
export async function getCases(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const { userId, role } = signedIn(req);
  const state = req.query.state;
  if (state !== undefined && (typeof state !== 'string' || !(CASE_STATES as readonly string[]).includes(state))) throw bad(`state must be one of ${CASE_STATES.join(', ')}`, 'state');
  const scope = isOfficeStaff(role) ? { all: true as const }
    : role === 'branzysta' ? { operators: await operatorsOfUser(ctx.db, userId) }
      : { designer: userId };
  const cases = await listCases(ctx.db, scope, state as CaseState | undefined);
  const today = warsawDay(new Date());
  res.set('Cache-Control', 'no-store').json({
    cases: cases.map((c) => ({ ...c, href: `/api/coordination/cases/${c.id}`, overdue: c.state === 'w uzgodnieniu' && today > c.term })),
  });
}

export function postCase(deps: CaseDeps) {
  return async (ctx: ServiceContext, req: Request, res: Response): Promise<void> => {
    const { role, userId, actor } = signedIn(req);
    if (role !== 'projektant') throw new HttpProblem(403, 'Forbidden', 'Coordination cases are filed by designers (accounts with the role projektant)');
    requireCsrf(deps, req);
    const s = parseSubmission(req.body);
    const report = await checkDesign(ctx.db, ctx.catalog, s.features);
    const operators = await listOperators(ctx.db);
    const conflictBranches = report.conflicts.map((k) => normaliseBranza(k.with.branza ?? '')).filter((b): b is Branza => !!b);
    const parties = chooseParties(operators, s.parties, s.features.map((f) => f.branza), conflictBranches);
    const term = addWorkingDays(warsawDay(new Date()), ctx.config.coordination.positionDays);
    const { id } = await fileCase(ctx.db, {
      userId, designer: s.designer, investor: s.investor, description: s.description, format: s.format,
      design: storedDesign(s, report), mapPdf: s.mapPdf, report, term, operatorIds: parties,
    }, actor);
    const c = (await caseById(ctx.db, id))!;
    const lines = lengthsByBranch(c).map((l) => `${l.branza}: ${l.count} przewodów, ${l.lengthM} m`).join('; ');
    await mailAll(ctx, deps, req, c, 'Narada koordynacyjna – zawiadomienie',
      `Złożono wniosek o uzgodnienie usytuowania projektowanych sieci uzbrojenia terenu (art. 28b Pgik).\nInwestycja: ${c.description}\nInwestor: ${c.investor}\nProjektant: ${c.designer}\n` +
      `Projektowane sieci: ${lines}\nAutomatyczna kontrola odległości: ${c.report.conflicts.length} kolizji i zbliżeń.\n` +
      `Uczestnicy: ${c.parties.map((p) => p.name).join(', ')}\nTermin zajęcia stanowisk: ${c.term}.`);
    res.status(201).location(`/api/coordination/cases/${id}`).set('Cache-Control', 'no-store').json(caseJson(c));
  };
}

export async function getCase(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const s = await standing(ctx, req);
  res.set('Cache-Control', 'no-store').json({ ...caseJson(s.case), you: { designer: s.designer, operators: s.operators, office: s.office } });
}

export async function getCasePdf(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const s = await standing(ctx, req);
  const which = req.path.endsWith('/protokol.pdf') ? 'protokol' : 'mapa';
  const pdf = await caseDocument(ctx.db, s.case.id, which);
  if (!pdf) throw new HttpProblem(404, 'Not Found', `Case ${s.case.number} has no protocol yet (it is ${s.case.state})`);
  const name = `${s.case.number.replace(/\//g, '-')}-${which}.pdf`;
  res.status(200).type('application/pdf').set('Cache-Control', 'no-store').set('Content-Disposition', `inline; filename="${name}"`).send(pdf);
}

const conflict = (e: unknown) => {
  if (e instanceof CaseConflict) return new HttpProblem(409, 'Conflict', e.message, e.current ? { state: e.current } : {});
  return e;
};

/** Reads `comments`: [{text, at?: [x, y] in EPSG:2177}]. */
function commentsOf(body: Record<string, unknown>): { text: string; at: [number, number] | null }[] {
  const v = body.comments;
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > 50) throw bad('comments must be a list (at most 50) of {text, at?: [x, y]}', 'comments');
  return v.map((c, i) => {
    const k = c as Record<string, unknown>;
    if (typeof k !== 'object' || k === null || typeof k.text !== 'string' || k.text.trim() === '' || k.text.length > 2000) throw bad('Every comment needs a text of at most 2000 characters', `comments/${i}/text`);
    return { text: k.text.trim(), at: k.at === undefined || k.at === null ? null : checkPosition(k.at, `/comments/${i}/at`) };
  });
}

/** POST /api/coordination/cases/{id}/positions {position, reason?, comments?, operator?}: an invited operator's position. */
export function postPosition(deps: CaseDeps) {
  return async (ctx: ServiceContext, req: Request, res: Response): Promise<void> => {
    const s = await standing(ctx, req);
    const { actor } = signedIn(req);
    if (s.operators.length === 0) throw new HttpProblem(403, 'Forbidden', 'Only the invited network operators\' accounts state positions');
    requireCsrf(deps, req);
    const body = bodyOf(req);
    const position = body.position;
    if (typeof position !== 'string' || !(POSITIONS as readonly string[]).includes(position)) throw bad(`position must be one of ${POSITIONS.join(', ')}`, 'position');
    let operator = s.operators[0]!;
    if (s.operators.length > 1 || body.operator !== undefined) {
      if (!s.operators.includes(body.operator as number)) throw bad(`operator must be the invited operator you act for: ${s.operators.join(', ')}`, 'operator');
      operator = body.operator as number;
    }
    const reason = body.reason === undefined || body.reason === null || body.reason === '' ? null : body.reason;
    if (reason !== null && (typeof reason !== 'string' || reason.length > 4000)) throw bad('reason must be a text of at most 4000 characters', 'reason');
    const comments = commentsOf(body);
    if (position !== 'uzgadniam' && reason === null && comments.length === 0) throw bad(`A position "${position}" needs its reason or comments`, 'reason');
    await statePosition(ctx.db, s.case.id, operator, { position: position as Position, reason: reason as string | null, comments }, actor).catch((e) => { throw conflict(e); });
    const c = (await caseById(ctx.db, s.case.id))!;
    const party = c.parties.find((p) => p.operatorId === operator)!;
    const missing = c.parties.filter((p) => !p.position).map((p) => p.name);
    await mailAll(ctx, deps, req, c, `Stanowisko: ${party.name} – ${position}`,
      `${party.name} zajął stanowisko: ${position}.${reason ? `\nUzasadnienie: ${reason}` : ''}${comments.length ? `\nUwagi: ${comments.length}` : ''}\n` +
      (missing.length ? `Brak jeszcze stanowisk: ${missing.join(', ')} (termin ${c.term}).` : 'Wszyscy uczestnicy zajęli stanowiska; ośrodek zamknie naradę i wyda protokół.'));
    res.status(200).set('Cache-Control', 'no-store').json(caseJson(c));
  };
}

export function postWithdraw(deps: CaseDeps) {
  return async (ctx: ServiceContext, req: Request, res: Response): Promise<void> => {
    const s = await standing(ctx, req);
    const { actor } = signedIn(req);
    if (!s.designer) throw new HttpProblem(403, 'Forbidden', 'Only the designer who filed the case withdraws it');
    requireCsrf(deps, req);
    const reason = bodyOf(req).reason;
    const why = typeof reason === 'string' && reason.trim() ? reason.trim().slice(0, 500) : 'wniosek wycofany przez projektanta';
    await withdrawCase(ctx.db, s.case.id, actor, why).catch((e) => { throw conflict(e); });
    const c = (await caseById(ctx.db, s.case.id))!;
    await mailAll(ctx, deps, req, c, 'Wniosek wycofany', `Projektant wycofał wniosek o uzgodnienie (${why}). Narada się nie odbędzie.`);
    res.status(200).set('Cache-Control', 'no-store').json(caseJson(c));
  };
}

/** POST /api/coordination/cases/{id}/protocol {conclusion?}: the office closes the meeting and issues the signed protocol. */
export function postProtocol(deps: CaseDeps) {
  return async (ctx: ServiceContext, req: Request, res: Response): Promise<void> => {
    const s = await standing(ctx, req);
    const { actor } = signedIn(req);
    if (!s.office) throw new HttpProblem(403, 'Forbidden', 'Only the office\'s staff close the meeting and issue the protocol');
    requireCsrf(deps, req);
    const conclusion = bodyOf(req).conclusion;
    if (conclusion !== undefined && conclusion !== null && (typeof conclusion !== 'string' || conclusion.length > 4000)) throw bad('conclusion must be a text of at most 4000 characters', 'conclusion');
    const o = ctx.config.orders;
    const identity = await signingIdentity(o);
    const result = await issueProtocol(ctx.db, s.case.id, actor, typeof conclusion === 'string' && conclusion.trim() ? conclusion.trim() : null, warsawDay(new Date()),
      async (c, at) => signPdf(await renderProtocolPdf(c, { name: o.officeName, address: o.officeAddress }, at), identity,
        { reason: `Protokół z narady koordynacyjnej ${c.number}`, location: 'Poznań', contactInfo: o.officeName }, at),
    ).catch((e) => { throw conflict(e); });
    if (result.lines) await learnDataChange(ctx.db, ctx.config.cache, ctx.log);
    const c = (await caseById(ctx.db, s.case.id))!;
    await mailAll(ctx, deps, req, c, `Protokół wydany – ${result.outcome}`,
      `Ośrodek zamknął naradę koordynacyjną i wydał protokół. Wynik: ${result.outcome}.` +
      (result.lines ? `\nProjektowane przewody (${result.lines}) wprowadzono do GESUT ze statusem projektowany.` : '') +
      `\nProtokół (PDF z podpisem elektronicznym): ${baseUrl(req, ctx.config)}/api/coordination/cases/${c.id}/protokol.pdf`);
    res.status(200).set('Cache-Control', 'no-store').json({ ...caseJson(c), enteredIntoGesut: result.lines });
  };
}
