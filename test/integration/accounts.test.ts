// Accounts end to end over real HTTP: registration, login, logout, CSRF, throttling, password reset by a mailed
// token, API keys (header, Bearer, URL parameter, revocation), the administrator's role changes, cookie flags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type TestApp } from '../support/app.ts';
import { Browser, TEST_PASSWORD, uniqueLogin } from '../security/browser-session.ts';
import { createAdmin } from '../../server/accounts/bootstrap.ts';

let app: TestApp;
const outbox = mkdtempSync(path.join(tmpdir(), 'sip-outbox-'));
beforeAll(async () => { app = await startApp({ MAIL_OUTBOX_DIR: outbox, AUTH_CACHE_MS: '0' }); });
afterAll(async () => { await app?.close(); rmSync(outbox, { recursive: true, force: true }); });

async function register(b: Browser, login = uniqueLogin('u'), role = 'klient'): Promise<{ login: string; res: Response }> {
  const _csrf = await b.csrf('/konto/rejestracja');
  const res = await b.post('/konto/rejestracja', { _csrf, login, email: `${login}@example.pl`, rola: role, haslo: TEST_PASSWORD, haslo2: TEST_PASSWORD });
  return { login, res };
}

async function audits(event: string, login: string): Promise<number> {
  const [row] = await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM portal.dziennik_zdarzen WHERE zdarzenie = $1 AND lower(login) = lower($2)`, [event, login]);
  return Number(row!.n);
}

describe('session API for the web client', () => {
  it('says anonymous and hands out a CSRF token with an HttpOnly, SameSite=Strict cookie', async () => {
    const res = await fetch(`${app.url}/api/session`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json() as { user: unknown; csrfToken: string };
    expect(body.user).toBeNull();
    expect(body.csrfToken).toMatch(/^[0-9a-f]{64}\.[0-9a-f]+$/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sip_csrf='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });
});

describe('registration, login and logout', () => {
  it('registers, logs in at once with a Lax HttpOnly session cookie, and stores an Argon2id hash', async () => {
    const b = new Browser(app.url);
    const { login, res } = await register(b);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/konto');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sip_sesja='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http on loopback (COOKIE_SECURE=auto)
    expect((await b.session()).user).toMatchObject({ login, role: 'klient' });
    const [row] = await app.db.query<{ hash: string }>(`SELECT "hasloHash" AS hash FROM portal.uzytkownicy WHERE login = $1`, [login]);
    expect(row!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(row!.hash).not.toContain(TEST_PASSWORD);
    const page = await (await b.get('/konto')).text();
    expect(page).toContain(login);
    expect(page).toContain('Klucze API');
    expect(await audits('rejestracja', login)).toBe(1);
  });

  it('does not let anyone register as an entitled role or admin', async () => {
    for (const role of ['geodeta', 'komornik', 'admin']) {
      const { res } = await register(new Browser(app.url), uniqueLogin('x'), role);
      expect(res.status).toBe(400);
    }
  });

  it('refuses a taken login whatever its case, weak passwords, and bad logins', async () => {
    const b = new Browser(app.url);
    const { login } = await register(b);
    const again = await register(new Browser(app.url), login.toUpperCase());
    expect(again.res.status).toBe(400);
    expect(await again.res.text()).toContain('zajęty');
    const c = new Browser(app.url);
    const _csrf = await c.csrf('/konto/rejestracja');
    const weak = await c.post('/konto/rejestracja', { _csrf, login: uniqueLogin('w'), email: 'w@example.pl', rola: 'klient', haslo: 'krotkie', haslo2: 'krotkie' });
    expect(weak.status).toBe(400);
    const bad = await c.post('/konto/rejestracja', { _csrf, login: '<script>', email: 'w2@example.pl', rola: 'klient', haslo: TEST_PASSWORD, haslo2: TEST_PASSWORD });
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toContain('<script>');
  });

  it('logs in, rotates the session, logs out and the old cookie is dead', async () => {
    const b = new Browser(app.url);
    const { login } = await register(b);
    const first = b.cookies.get('sip_sesja');
    const res = await b.login(login, TEST_PASSWORD);
    expect(res.status).toBe(303);
    const second = b.cookies.get('sip_sesja');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    // The session before login is gone (no fixation).
    const stale = new Browser(app.url);
    stale.cookies.set('sip_sesja', first!);
    expect((await stale.session()).user).toBeNull();
    const { csrfToken } = await b.session();
    const out = await b.post('/konto/wyloguj', { _csrf: csrfToken });
    expect(out.status).toBe(303);
    expect((await b.session()).user).toBeNull();
    const replay = new Browser(app.url);
    replay.cookies.set('sip_sesja', second!);
    expect((await replay.session()).user).toBeNull();
    expect(await audits('wylogowanie', login)).toBe(1);
  });

  it('answers a wrong password and an unknown login the same way, and audits both', async () => {
    const b = new Browser(app.url);
    const { login } = await register(b);
    const wrong = await new Browser(app.url).login(login, 'Zle-Haslo-12345');
    const unknown = await new Browser(app.url).login(uniqueLogin('nikt'), 'Zle-Haslo-12345');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const text = (await wrong.text()).replace(/value="[^"]*"/g, '');
    expect(text).toBe((await unknown.text()).replace(/value="[^"]*"/g, ''));
    expect(await audits('logowanie_nieudane', login)).toBe(1);
  });

  it('locks an account after repeated failures, even for the right password (counted in the database)', async () => {
    const b = new Browser(app.url);
    const { login } = await register(b);
    for (let i = 0; i < 5; i++) expect((await new Browser(app.url).login(login, `Zle-Haslo-${i}xyz`)).status).toBe(401);
    const locked = await new Browser(app.url).login(login, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
  });

  it('redirects after login only to a local path', async () => {
    const b = new Browser(app.url);
    const { login } = await register(b);
    for (const [next, expected] of [['/portal/geodeta', '/portal/geodeta'], ['//evil.example/x', '/konto'], ['https://evil.example/', '/konto'], ['/\\evil.example', '/konto']]) {
      const c = new Browser(app.url);
      const res = await c.post('/konto/logowanie', { _csrf: await c.csrf(), login, haslo: TEST_PASSWORD, next: next! });
      expect(res.headers.get('location')).toBe(expected);
    }
  });
});

describe('CSRF', () => {
  it('refuses a form without a token, with a forged one, and with another browser\'s token', async () => {
    const victim = new Browser(app.url);
    const { login } = await register(victim);
    const keysBefore = await app.db.query(`SELECT 1 FROM portal.klucze_api k JOIN portal.uzytkownicy u ON u.id = k.uzytkownik_id WHERE u.login = $1`, [login]);
    expect((await victim.post('/konto/klucze', { nazwa: 'atak' })).status).toBe(403);
    expect((await victim.post('/konto/klucze', { nazwa: 'atak', _csrf: 'a'.repeat(64) + '.' + 'b'.repeat(64) })).status).toBe(403);
    const attacker = new Browser(app.url);
    const foreign = await attacker.csrf();
    expect((await victim.post('/konto/klucze', { nazwa: 'atak', _csrf: foreign })).status).toBe(403);
    // A token issued before login is not valid for the session after it (bound to the session).
    const pre = new Browser(app.url);
    const before = await pre.csrf();
    await pre.post('/konto/logowanie', { _csrf: before, login, haslo: TEST_PASSWORD });
    expect((await pre.post('/konto/klucze', { nazwa: 'atak', _csrf: before })).status).toBe(403);
    const keysAfter = await app.db.query(`SELECT 1 FROM portal.klucze_api k JOIN portal.uzytkownicy u ON u.id = k.uzytkownik_id WHERE u.login = $1`, [login]);
    expect(keysAfter.length).toBe(keysBefore.length);
  });
});

describe('password reset by a mailed token', () => {
  function mailTo(address: string): string | undefined {
    const files = readdirSync(outbox).map((f) => readFileSync(path.join(outbox, f), 'utf8'));
    return files.find((f) => f.startsWith(`To: ${address}\r\n`));
  }

  it('mails a one-time link; the new password works, the old one and old sessions do not', async () => {
    const b = new Browser(app.url);
    const { login } = await register(b);
    const c = new Browser(app.url);
    const ask = await c.post('/konto/haslo', { _csrf: await c.csrf('/konto/haslo'), login });
    expect(ask.status).toBe(200);
    const unknown = await c.post('/konto/haslo', { _csrf: await c.csrf('/konto/haslo'), login: uniqueLogin('nikt') });
    // Same answer for an account that does not exist.
    expect((await unknown.text()).replace(/value="[^"]*"/g, '')).toBe((await ask.text()).replace(/value="[^"]*"/g, ''));
    const mail = mailTo(`${login}@example.pl`);
    expect(mail).toBeDefined();
    const link = /(http:\/\/\S+\/konto\/haslo\?token=([A-Za-z0-9_-]{43}))/.exec(mail!)!;
    const token = link[2]!;
    const [stored] = await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM portal.resety_hasel WHERE "tokenHash" = sha256(convert_to($1, 'UTF8'))`, [token]);
    expect(Number(stored!.n)).toBe(1);
    const form = await c.get(`/konto/haslo?token=${token}`);
    expect(form.status).toBe(200);
    const _csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const newPassword = 'Zupelnie-Nowe-Haslo-77';
    const set = await c.post('/konto/haslo/nowe', { _csrf, token, haslo: newPassword, haslo2: newPassword });
    expect(set.status).toBe(303);
    expect((await b.session()).user).toBeNull(); // sessions opened with the old password end
    expect((await new Browser(app.url).login(login, TEST_PASSWORD)).status).toBe(401);
    expect((await new Browser(app.url).login(login, newPassword)).status).toBe(303);
    const reuse = await c.post('/konto/haslo/nowe', { _csrf, token, haslo: 'Jeszcze-Inne-Haslo-1', haslo2: 'Jeszcze-Inne-Haslo-1' });
    expect(reuse.status).toBe(400);
    expect((await c.get('/konto/haslo?token=' + 'x'.repeat(43))).status).toBe(400);
  });
});

describe('API keys', () => {
  it('creates a key shown once, accepts it as header, Bearer and apikey=, and refuses it once revoked', async () => {
    const b = new Browser(app.url);
    const { login } = await register(b);
    const { csrfToken } = await b.session();
    const created = await b.post('/konto/klucze', { _csrf: csrfToken, nazwa: 'QGIS w biurze' });
    expect(created.status).toBe(201);
    const key = /id="nowy-klucz">(sip_[A-Za-z0-9_-]{43})</.exec(await created.text())![1]!;
    const [row] = await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM portal.klucze_api WHERE "kluczHash" = sha256(convert_to($1, 'UTF8'))`, [key]);
    expect(Number(row!.n)).toBe(1);
    expect(await (await b.get('/konto')).text()).not.toContain(key); // never shown again
    for (const init of [{ headers: { 'X-API-Key': key } }, { headers: { Authorization: `Bearer ${key}` } }] as RequestInit[]) {
      const s = await (await fetch(`${app.url}/api/session`, init)).json() as { user: { login: string } };
      expect(s.user.login).toBe(login);
    }
    const s = await (await fetch(`${app.url}/api/session?apikey=${key}`)).json() as { user: { login: string } };
    expect(s.user.login).toBe(login);
    expect(await audits('klucz_uzyty', login)).toBeGreaterThanOrEqual(1);
    const id = /action="\/konto\/klucze\/(\d+)\/odwolaj"/.exec(await (await b.get('/konto')).text())![1]!;
    expect((await b.post(`/konto/klucze/${id}/odwolaj`, { _csrf: csrfToken })).status).toBe(303);
    const refused = await fetch(`${app.url}/ogcapi/collections/dzialki/items?limit=1`, { headers: { 'X-API-Key': key } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/invalid_token/);
    const ows = await fetch(`${app.url}/ows?SERVICE=WFS&REQUEST=GetCapabilities&apikey=${key}`);
    expect(ows.status).toBe(401);
    expect(await ows.text()).toContain('ExceptionReport');
    expect((await fetch(`${app.url}/api/session`, { headers: { 'X-API-Key': 'garbage' } })).status).toBe(401);
  });

  it('cannot revoke someone else\'s key', async () => {
    const owner = new Browser(app.url);
    await register(owner);
    const t = (await owner.session()).csrfToken;
    await owner.post('/konto/klucze', { _csrf: t, nazwa: 'moj' });
    const id = /action="\/konto\/klucze\/(\d+)\/odwolaj"/.exec(await (await owner.get('/konto')).text())![1]!;
    const other = new Browser(app.url);
    await register(other);
    const res = await other.post(`/konto/klucze/${id}/odwolaj`, { _csrf: (await other.session()).csrfToken });
    expect(res.status).toBe(404);
    const [row] = await app.db.query<{ revoked: Date | null }>(`SELECT odwolano AS revoked FROM portal.klucze_api WHERE id = $1`, [Number(id)]);
    expect(row!.revoked).toBeNull();
  });

  it('keeps API keys and reset tokens out of the request log', async () => {
    const { redactKeys } = await import('../../server/http/request-log.ts');
    expect(redactKeys('/ows?SERVICE=WFS&apikey=sip_abc&x=1')).toBe('/ows?SERVICE=WFS&apikey=***&x=1');
    expect(redactKeys('/ows?APIKEY=sip_abc')).toBe('/ows?APIKEY=***');
    expect(redactKeys('/konto/haslo?token=abc')).toBe('/konto/haslo?token=***');
  });
});

describe('administrator', () => {
  it('lists users and changes a role; others get 403 or the login page', async () => {
    const adminLogin = uniqueLogin('admin');
    await createAdmin(app.db, adminLogin, `${adminLogin}@example.pl`, TEST_PASSWORD);
    const user = new Browser(app.url);
    const { login } = await register(user);
    expect((await user.get('/admin/uzytkownicy')).status).toBe(403);
    const anon = await new Browser(app.url).get('/admin/uzytkownicy');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/konto\/logowanie\?next=/);
    const admin = new Browser(app.url);
    expect((await admin.login(adminLogin, TEST_PASSWORD)).status).toBe(303);
    const list = await admin.get('/admin/uzytkownicy');
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain(login);
    const id = (await user.session()).user!.id;
    const _csrf = (await admin.session()).csrfToken;
    expect((await admin.post(`/admin/uzytkownicy/${id}`, { _csrf, rola: 'geodeta', aktywny: '1' })).status).toBe(303);
    expect((await user.session()).user!.role).toBe('geodeta');
    expect(await audits('rola_zmieniona', login)).toBe(1);
    // A plain user cannot do it, even with a valid form token of their own.
    const own = (await user.session()).csrfToken;
    expect((await user.post(`/admin/uzytkownicy/${id}`, { _csrf: own, rola: 'admin', aktywny: '1' })).status).toBe(403);
    // Deactivation ends the sessions at once.
    expect((await admin.post(`/admin/uzytkownicy/${id}`, { _csrf, rola: 'geodeta' })).status).toBe(303);
    expect((await user.session()).user).toBeNull();
  });
});

describe('cookies behind https', () => {
  it('sets Secure __Host- cookies when COOKIE_SECURE=true', async () => {
    const secure = await startApp({ COOKIE_SECURE: 'true' });
    try {
      const b = new Browser(secure.url);
      const login = uniqueLogin('s');
      const _csrf = await b.csrf('/konto/rejestracja');
      const res = await b.post('/konto/rejestracja', { _csrf, login, email: `${login}@example.pl`, rola: 'klient', haslo: TEST_PASSWORD, haslo2: TEST_PASSWORD });
      expect(res.status).toBe(303);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-sip_sesja='))!;
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Domain=/);
      expect((await b.session()).user!.login).toBe(login);
    } finally {
      await secure.close();
    }
  });
});
