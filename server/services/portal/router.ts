// The accounts: /konto (login, registration, password reset, my account with API keys and applications for an
// entitled role), /admin/uzytkownicy (users and roles), /admin/wnioski (the applications: grant or refuse), and
// GET /api/session for the web client. Forms carry a CSRF token (signed double-submit
// cookie bound to the session, csrf-csrf); every change is a POST answered with a redirect (303).
import express, { Router, type Request, type Response, type NextFunction } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import type { ServiceContext } from '../context.ts';
import { baseUrl } from '../context.ts';
import { isRole } from '../../catalog/roles.ts';
import { clearSessionCookie, requestAuth, setSessionCookie, type Authenticator } from '../../http/auth.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { plausibleToken } from '../../accounts/tokens.ts';
import { csrfProtection } from '../../accounts/csrf.ts';
import { audit, recentFailures } from '../../accounts/audit.ts';
import { passwordProblem } from '../../accounts/passwords.ts';
import { ACCOUNT_ROLES, EMAIL_PATTERN, LOGIN_PATTERN, SELF_SERVICE_ROLES, DuplicateAccount, checkPassword, clearLoginFailures, countAdmins, reserveLoginAttempt, createUser, listUsers, noteLogin, setPassword, updateUser, userById, userByLoginOrEmail } from '../../accounts/users.ts';
import { createSession, deleteSession } from '../../accounts/sessions.ts';
import { createApiKey, listApiKeys, revokeApiKey, TooManyKeys } from '../../accounts/api-keys.ts';
import { consumeResetToken, issueResetToken, resetTokenUser } from '../../accounts/password-reset.ts';
import { defaultMailer, type Mailer } from '../../accounts/mail.ts';
import { APPLICATION_FIELDS, checkApplication, isEntitledRole, type ApplicationInput, type EntitledRole } from '../../accounts/entitled-roles.ts';
import { ApplicationPending, applicationsOf, countPending, decideApplication, decidedApplications, fileApplication, pendingApplications } from '../../accounts/role-applications.ts';
import { applicationMail } from '../../accounts/application-mail.ts';
import { roleName } from '../../catalog/role-names.ts';
import { accountPage, applicationsPage, loginPage, registerPage, resetPasswordPage, resetRequestPage, usersPage, type RegisterValues } from './pages.ts';

type Body = Record<string, unknown>;
const field = (req: Request, name: string, max = 1000): string => {
  const v = (req.body as Body | undefined)?.[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
};

/**
 * The delay before answering a login from an address with `failures` failed logins in 15 minutes: none up to
 * `free`, then 0.5 s doubling with each further failure, at most 15 s. Slows guessing from one address down without
 * locking out everyone else behind it.
 */
export function loginDelayMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(15_000, 500 * 2 ** Math.min(10, failures - free));
}

/** The application fields of a form (only the chosen role's are checked). */
const applicationInput = (req: Request): ApplicationInput =>
  Object.fromEntries(APPLICATION_FIELDS.map((f) => [f, field(req, f, 300)]));

/** Only a local path may be a redirect target after login (no open redirect to another site). */
function safeNext(value: string): string | undefined {
  return /^\/(?![/\\])[^\s]*$/.test(value) && !value.startsWith('/konto/wyloguj') ? value : undefined;
}

export interface PortalOptions { auth: Authenticator; mailer?: Mailer }

export function portalRouter(ctx: ServiceContext, options: PortalOptions): Router {
  const { db, config, log } = ctx;
  const mailer = options.mailer ?? defaultMailer(config.security, log);
  const csrf = csrfProtection(db, config);
  /** The form token of this request (sets or keeps its cookie); overwrite after the session changed. */
  const token = (req: Request, res: Response, overwrite = false) => csrf.token(req, res, overwrite);

  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
  const json = express.json({ limit: '16kb' });

  // The signing secret is loaded once from the database (shared by every host) before any account request.
  router.use(['/konto', '/admin', '/api/session'], csrf.ready);
  router.use(['/konto', '/admin'], (_req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  /** Parses the form and checks its CSRF token; a stale or forged form is answered 403 with a link back. */
  const checked = [form, json, (req: Request, res: Response, next: NextFunction) => {
    if (csrf.valid(req)) return next();
    res.status(403).type('html').send(loginPage(token(req, res, true), { error: 'Formularz wygasł lub nie pochodzi z tej strony. Spróbuj ponownie.' }));
  }];

  // Throttles form posts per address in each worker: registration and reset requests cost an Argon2 hash or a mail.
  const formLimit = rateLimit({
    windowMs: 15 * 60_000,
    limit: 60,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    skip: (req) => config.security.rateLimitAllowlist.includes(req.ip ?? ''),
    standardHeaders: 'draft-8', legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpProblem(429, 'Too Many Requests', 'Zbyt wiele prób. Spróbuj ponownie później.', {}, { 'Cache-Control': 'no-store' })),
  });

  const pageUser = async (req: Request) => {
    const auth = requestAuth(req);
    if (auth.kind !== 'session' || auth.userId === null) return undefined;
    return userById(db, auth.userId);
  };

  const sendApplicationMail = (to: string, a: Parameters<typeof applicationMail>[0], event: Parameters<typeof applicationMail>[1], req: Request) =>
    mailer.send({ to, ...applicationMail(a, event, `${baseUrl(req, config)}/konto`) })
      .catch((err: Error) => log.error({ err: err.message }, 'application mail failed'));

  const startSession = async (req: Request, res: Response, userId: number) => {
    const old = requestAuth(req).sessionToken;
    if (old) await deleteSession(db, old);
    const t = await createSession(db, userId, { idleHours: config.security.sessionIdleHours, maxHours: config.security.sessionMaxHours }, req.ip, req.get('user-agent'));
    setSessionCookie(req, res, config, t);
  };

  // ---- JSON for the web client ----
  router.get('/api/session', async (req, res) => {
    const auth = requestAuth(req);
    const user = auth.kind !== 'anonymous' && auth.userId !== null ? { id: auth.userId, login: auth.login, role: auth.role } : null;
    res.set('Cache-Control', 'no-store').json({ user, csrfToken: token(req, res) });
  });

  // ---- login / logout ----
  router.get('/konto/logowanie', (req, res) => {
    const info = req.query.haslo === 'zmienione' ? 'Hasło zostało zmienione. Zaloguj się nowym hasłem.' : undefined;
    res.type('html').send(loginPage(token(req, res), { info, next: safeNext(String(req.query.next ?? '')) }));
  });

  router.post('/konto/logowanie', formLimit, ...checked, async (req, res) => {
    const login = field(req, 'login', 254).trim();
    const password = field(req, 'haslo', 1000);
    const next = safeNext(field(req, 'next', 500));
    const ip = req.ip ?? '';
    const fail = (status: number, error: string) => res.status(status).type('html').send(loginPage(token(req, res), { error, login, next }));
    if (!login || !password) return fail(400, 'Podaj login i hasło.');
    // Per address: a progressive delay, never a lock-out (a whole office behind one NAT shares the address).
    const recent = await recentFailures(db, login, ip);
    const delay = loginDelayMs(recent.address, config.security.loginMaxFailuresPerAddress);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    // Per account: login and e-mail resolve to one account, whose counter is reserved atomically before the
    // password is verified (users.ts reserveLoginAttempt).
    const account = await userByLoginOrEmail(db, login);
    if (account && !(await reserveLoginAttempt(db, account.id, config.security.loginMaxFailuresPerAccount))) {
      await audit(db, 'logowanie_nieudane', { userId: account.id, login, ip, details: { powod: 'blokada' } }, log);
      res.set('Retry-After', '900');
      return fail(429, 'Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za 15 minut lub ustaw nowe hasło.');
    }
    const user = await checkPassword(db, login, password);
    if (!user) {
      await audit(db, 'logowanie_nieudane', { userId: account?.id, login, ip }, log);
      return fail(401, 'Nieprawidłowy login lub hasło.');
    }
    await clearLoginFailures(db, user.id);
    await startSession(req, res, user.id);
    await noteLogin(db, user.id);
    await audit(db, 'logowanie', { userId: user.id, login: user.login, ip }, log);
    res.redirect(303, next ?? '/konto');
  });

  router.post('/konto/wyloguj', ...checked, async (req, res) => {
    const auth = requestAuth(req);
    if (auth.sessionToken) {
      await deleteSession(db, auth.sessionToken);
      options.auth.forget();
      await audit(db, 'wylogowanie', { userId: auth.userId, login: auth.login, ip: req.ip }, log);
    }
    clearSessionCookie(req, res, config);
    res.redirect(303, '/konto/logowanie');
  });

  // ---- registration ----
  router.get('/konto/rejestracja', (req, res) => {
    res.type('html').send(registerPage(token(req, res)));
  });

  router.post('/konto/rejestracja', formLimit, ...checked, async (req, res) => {
    const login = field(req, 'login', 100).trim();
    const email = field(req, 'email', 300).trim();
    const role = field(req, 'rola', 50);
    const password = field(req, 'haslo', 1000);
    const again = field(req, 'haslo2', 1000);
    const input = applicationInput(req);
    const fail = (error: string) => res.status(400).type('html').send(registerPage(token(req, res), { error, login, email, role, ...input }));
    if (!LOGIN_PATTERN.test(login)) return fail('Login musi mieć 3–64 znaki: litery, cyfry, kropka, podkreślnik lub myślnik.');
    if (email.length > 254 || !EMAIL_PATTERN.test(email)) return fail('Podaj poprawny adres e-mail.');
    // The account starts as a client; an entitled role is an application the administrator decides.
    if (!isRole(role) || !(SELF_SERVICE_ROLES.includes(role) || isEntitledRole(role))) return fail('Wybierz rolę z listy.');
    const application = isEntitledRole(role) ? checkApplication(role, input) : undefined;
    if (application && !application.ok) return fail(application.error);
    const problem = passwordProblem(password, login, email);
    if (problem) return fail(problem);
    if (password !== again) return fail('Hasła się różnią.');
    let user;
    try {
      user = await db.transaction(async (tx) => {
        const created = await createUser(tx, login, email, password, 'klient');
        if (application?.ok) await fileApplication(tx, created.id, role as EntitledRole, application.details, { login, ip: req.ip });
        return created;
      });
    } catch (err) {
      if (err instanceof DuplicateAccount) return fail('Ten login lub adres e-mail jest już zajęty.');
      throw err;
    }
    await audit(db, 'rejestracja', { userId: user.id, login, ip: req.ip, details: { rola: 'klient', ...(application ? { wniosek: role } : {}) } }, log);
    if (application?.ok) await sendApplicationMail(user.email, { login, role: role as EntitledRole, reason: null, ...application.details }, 'filed', req);
    await startSession(req, res, user.id);
    await noteLogin(db, user.id);
    res.redirect(303, application ? '/konto?wniosek=zlozony' : '/konto');
  });

  // ---- password reset ----
  router.get('/konto/haslo', async (req, res) => {
    const t = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (t === undefined) return void res.type('html').send(resetRequestPage(token(req, res)));
    if (!plausibleToken(t) || (await resetTokenUser(db, t)) === undefined) {
      return void res.status(400).type('html').send(resetRequestPage(token(req, res), { error: 'Odnośnik jest nieważny lub wygasł. Poproś o nowy.' }));
    }
    res.type('html').send(resetPasswordPage(token(req, res), t));
  });

  router.post('/konto/haslo', formLimit, ...checked, async (req, res) => {
    const name = field(req, 'login', 254).trim();
    // The same answer whether or not the account exists: nobody learns who has an account here.
    const info = 'Jeśli konto istnieje, wysłaliśmy na jego adres e-mail odnośnik do ustawienia nowego hasła.';
    const user = name ? await userByLoginOrEmail(db, name) : undefined;
    if (user?.active) {
      const t = await issueResetToken(db, user.id);
      const link = `${baseUrl(req, config)}/konto/haslo?token=${t}`;
      await audit(db, 'reset_hasla_zadanie', { userId: user.id, login: user.login, ip: req.ip }, log);
      await mailer.send({
        to: user.email, link,
        subject: 'SIP Poznań: ustawienie nowego hasła',
        text: `Ktoś (zapewne Ty) poprosił o zmianę hasła do konta ${user.login} w SIP Poznań.\n\nNowe hasło ustawisz tutaj (odnośnik działa przez godzinę):\n${link}\n\nJeśli to nie Ty, zignoruj tę wiadomość.`,
      }).catch((err: Error) => log.error({ err: err.message }, 'password reset mail failed'));
    }
    res.type('html').send(resetRequestPage(token(req, res), { info }));
  });

  router.post('/konto/haslo/nowe', formLimit, ...checked, async (req, res) => {
    const t = field(req, 'token', 100);
    const password = field(req, 'haslo', 1000);
    const again = field(req, 'haslo2', 1000);
    const userId = plausibleToken(t) ? await resetTokenUser(db, t) : undefined;
    const user = userId !== undefined ? await userById(db, userId) : undefined;
    if (!user) return void res.status(400).type('html').send(resetRequestPage(token(req, res), { error: 'Odnośnik jest nieważny lub wygasł. Poproś o nowy.' }));
    const problem = passwordProblem(password, user.login, user.email) ?? (password !== again ? 'Hasła się różnią.' : undefined);
    if (problem) return void res.status(400).type('html').send(resetPasswordPage(token(req, res), t, { error: problem }));
    if ((await consumeResetToken(db, t)) !== user.id) {
      return void res.status(400).type('html').send(resetRequestPage(token(req, res), { error: 'Odnośnik jest nieważny lub wygasł. Poproś o nowy.' }));
    }
    await setPassword(db, user.id, password);
    options.auth.forget();
    await audit(db, 'reset_hasla', { userId: user.id, login: user.login, ip: req.ip }, log);
    clearSessionCookie(req, res, config);
    res.redirect(303, '/konto/logowanie?haslo=zmienione');
  });

  // ---- my account: API keys ----
  const requireLogin = async (req: Request, res: Response, next: NextFunction) => {
    if (requestAuth(req).kind === 'session') return next();
    if (req.method === 'GET') return res.redirect(303, `/konto/logowanie?next=${encodeURIComponent(req.originalUrl)}`);
    next(new HttpProblem(401, 'Unauthorized', 'Zaloguj się.'));
  };

  const showAccount = async (req: Request, res: Response, o: { newKey?: string; error?: string; info?: string; application?: RegisterValues } = {}, status = 200) => {
    const user = await pageUser(req);
    if (!user) return void res.redirect(303, '/konto/logowanie');
    const keys = await listApiKeys(db, user.id);
    const applications = await applicationsOf(db, user.id);
    res.status(status).type('html').send(accountPage(user, keys, token(req, res), { ...o, applications, baseUrl: baseUrl(req, config) }));
  };

  router.get('/konto', requireLogin, (req, res) => showAccount(req, res,
    { info: req.query.wniosek === 'zlozony' ? 'Wniosek o uprawnienia został złożony. O decyzji administratora powiadomimy e-mailem.' : undefined }));

  // ---- my account: an application for an entitled role ----
  router.post('/konto/wniosek', requireLogin, formLimit, ...checked, async (req, res) => {
    const user = await pageUser(req);
    if (!user) return void res.redirect(303, '/konto/logowanie');
    const role = field(req, 'rola', 50);
    const input = applicationInput(req);
    const fail = (error: string, status = 400) => showAccount(req, res, { error, application: { role, ...input } }, status);
    if (user.role === 'admin') return fail('Administrator zmienia role na stronie Użytkownicy.');
    if (!isEntitledRole(role)) return fail('Wybierz rolę, o którą wnioskujesz.');
    if (role === user.role) return fail(`Masz już rolę „${roleName(role)}”.`);
    const checkedInput = checkApplication(role, input);
    if (!checkedInput.ok) return fail(checkedInput.error);
    try {
      await db.transaction((tx) => fileApplication(tx, user.id, role, checkedInput.details, { login: user.login, ip: req.ip }));
    } catch (err) {
      if (err instanceof ApplicationPending) return fail('Twój poprzedni wniosek czeka jeszcze na decyzję.', 409);
      throw err;
    }
    await sendApplicationMail(user.email, { login: user.login, role, reason: null, ...checkedInput.details }, 'filed', req);
    res.redirect(303, '/konto?wniosek=zlozony');
  });

  router.post('/konto/klucze', requireLogin, ...checked, async (req, res) => {
    const auth = requestAuth(req);
    const name = field(req, 'nazwa', 200).trim();
    if (!name || name.length > 100) return showAccount(req, res, { error: 'Nazwa klucza: 1–100 znaków.' }, 400);
    try {
      const { key, info } = await createApiKey(db, auth.userId!, name);
      await audit(db, 'klucz_utworzony', { userId: auth.userId, login: auth.login, ip: req.ip, details: { klucz: info.id, nazwa: name } }, log);
      // Shown once, in this response only (no-store): never in a URL or a log.
      await showAccount(req, res, { newKey: key }, 201);
    } catch (err) {
      if (err instanceof TooManyKeys) return showAccount(req, res, { error: 'Masz już najwięcej kluczy, ile można. Odwołaj nieużywany.' }, 400);
      throw err;
    }
  });

  router.post('/konto/klucze/:id/odwolaj', requireLogin, ...checked, async (req, res) => {
    const auth = requestAuth(req);
    const id = /^\d{1,9}$/.test(String(req.params.id)) ? Number(req.params.id) : NaN;
    if (Number.isNaN(id) || !(await revokeApiKey(db, auth.userId!, id))) return showAccount(req, res, { error: 'Nie ma takiego klucza.' }, 404);
    options.auth.forget();
    await audit(db, 'klucz_odwolany', { userId: auth.userId, login: auth.login, ip: req.ip, details: { klucz: id } }, log);
    res.redirect(303, '/konto');
  });

  // ---- administrator: users and roles ----
  const requireAdmin = (req: Request, res: Response, next: NextFunction) => {
    const auth = requestAuth(req);
    if (auth.kind === 'session' && auth.role === 'admin') return next();
    if (auth.kind === 'anonymous' && req.method === 'GET') return res.redirect(303, `/konto/logowanie?next=${encodeURIComponent(req.originalUrl)}`);
    next(auth.kind === 'anonymous' ? new HttpProblem(401, 'Unauthorized', 'Ta strona jest tylko dla administratorów.') : new HttpProblem(403, 'Forbidden', 'Ta strona jest tylko dla administratorów.'));
  };

  router.get('/admin/uzytkownicy', requireAdmin, async (req, res) => {
    const admin = (await pageUser(req))!;
    const info = req.query.zapisano ? 'Zapisano.' : undefined;
    res.type('html').send(usersPage(admin, await listUsers(db), token(req, res), { info, pending: await countPending(db) }));
  });

  router.post('/admin/uzytkownicy/:id', requireAdmin, ...checked, async (req, res) => {
    const auth = requestAuth(req);
    const admin = (await pageUser(req))!;
    const id = /^\d{1,9}$/.test(String(req.params.id)) ? Number(req.params.id) : NaN;
    const target = Number.isNaN(id) ? undefined : await userById(db, id);
    const role = field(req, 'rola', 50);
    const active = field(req, 'aktywny', 10) === '1';
    const fail = async (status: number, error: string) => res.status(status).type('html').send(usersPage(admin, await listUsers(db), token(req, res), { error }));
    if (!target) return fail(404, 'Nie ma takiego użytkownika.');
    if (!isRole(role) || !ACCOUNT_ROLES.includes(role)) return fail(400, 'Nieznana rola.');
    // The last active administrator cannot lock everyone out.
    if (target.role === 'admin' && target.active && (role !== 'admin' || !active) && (await countAdmins(db)) <= 1) {
      return fail(400, 'To jedyny aktywny administrator: najpierw nadaj tę rolę komuś innemu.');
    }
    await updateUser(db, target.id, role, active);
    options.auth.forget();
    if (role !== target.role) await audit(db, 'rola_zmieniona', { userId: target.id, login: target.login, ip: req.ip, details: { z: target.role, na: role, przez: auth.userId } }, log);
    if (active !== target.active) await audit(db, active ? 'konto_odblokowane' : 'konto_zablokowane', { userId: target.id, login: target.login, ip: req.ip, details: { przez: auth.userId } }, log);
    res.redirect(303, '/admin/uzytkownicy?zapisano=1');
  });

  // ---- administrator: applications for an entitled role ----
  const showApplications = async (req: Request, res: Response, o: { error?: string; info?: string; reasonFor?: number } = {}, status = 200) => {
    const admin = (await pageUser(req))!;
    res.status(status).type('html').send(applicationsPage(admin, await pendingApplications(db), await decidedApplications(db), token(req, res), o));
  };

  router.get('/admin/wnioski', requireAdmin, (req, res) => showApplications(req, res, {
    info: req.query.przyznano ? 'Rola przyznana; wnioskodawca dostał e-mail.' : req.query.odrzucono ? 'Wniosek odrzucony; wnioskodawca dostał e-mail z uzasadnieniem.' : undefined,
  }));

  const decide = (grant: boolean) => async (req: Request, res: Response) => {
    const admin = (await pageUser(req))!;
    const id = /^\d{1,9}$/.test(String(req.params.id)) ? Number(req.params.id) : NaN;
    const reason = field(req, 'uzasadnienie', 2000).trim();
    if (Number.isNaN(id)) return showApplications(req, res, { error: 'Nie ma takiego wniosku.' }, 404);
    if (!grant && reason.length < 3) return showApplications(req, res, { error: 'Odmowę trzeba uzasadnić (co najmniej 3 znaki): wnioskodawca dostanie to uzasadnienie e-mailem.', reasonFor: id }, 400);
    if (reason.length > 1000) return showApplications(req, res, { error: 'Uzasadnienie: najwyżej 1000 znaków.', reasonFor: id }, 400);
    const result = await decideApplication(db, id, grant ? { grant: true } : { grant: false, reason }, { id: admin.id, ip: req.ip });
    if (!result.ok) {
      const message = { 'not-found': 'Nie ma takiego wniosku.', 'already-decided': 'Ten wniosek został już rozpatrzony.', 'admin-account': 'Wnioskodawca jest administratorem: zmień jego rolę na stronie Użytkownicy.' }[result.why];
      return showApplications(req, res, { error: message }, result.why === 'not-found' ? 404 : 409);
    }
    options.auth.forget();
    const a = result.application;
    await sendApplicationMail(a.email, a, grant ? 'granted' : 'refused', req);
    res.redirect(303, `/admin/wnioski?${grant ? 'przyznano' : 'odrzucono'}=${a.id}`);
  };
  router.post('/admin/wnioski/:id/przyznaj', requireAdmin, ...checked, decide(true));
  router.post('/admin/wnioski/:id/odrzuc', requireAdmin, ...checked, decide(false));

  return router;
}
