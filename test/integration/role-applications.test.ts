// Applications for an entitled role over real HTTP on PostGIS: registration with a licence number, the account
// page's application, the administrator's grant and refusal (role set, audit rows, e-mails in the outbox), bad
// licence numbers, NIP/REGON check digits, CSRF, a second waiting application, and who may decide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type TestApp } from '../support/app.ts';
import { Browser, TEST_PASSWORD, uniqueLogin } from '../security/browser-session.ts';
import { createAdmin } from '../../server/accounts/bootstrap.ts';

let app: TestApp;
let admin: Browser;
let adminLogin: string;
const outbox = mkdtempSync(path.join(tmpdir(), 'sip-outbox-'));
beforeAll(async () => {
  app = await startApp({ MAIL_OUTBOX_DIR: outbox, AUTH_CACHE_MS: '0' });
  adminLogin = uniqueLogin('adm');
  await createAdmin(app.db, adminLogin, `${adminLogin}@example.pl`, TEST_PASSWORD);
  admin = new Browser(app.url);
  expect((await admin.login(adminLogin, TEST_PASSWORD)).status).toBe(303);
});
afterAll(async () => { await app?.close(); rmSync(outbox, { recursive: true, force: true }); });

async function register(fields: Record<string, string>, login = uniqueLogin('wn')): Promise<{ b: Browser; login: string; res: Response }> {
  const b = new Browser(app.url);
  const _csrf = await b.csrf('/konto/rejestracja');
  const res = await b.post('/konto/rejestracja', { _csrf, login, email: `${login}@example.pl`, haslo: TEST_PASSWORD, haslo2: TEST_PASSWORD, ...fields });
  return { b, login, res };
}

async function applicationOf(login: string): Promise<{ id: number; rola: string; stan: string; numerUprawnien: string | null; uzasadnienie: string | null; rozpatrujacy: string | null } | undefined> {
  const [row] = await app.db.query<{ id: number; rola: string; stan: string; numerUprawnien: string | null; uzasadnienie: string | null; rozpatrujacy: string | null }>(
    `SELECT w.id, w.rola, w.stan, w."numerUprawnien", w.uzasadnienie, r.login AS rozpatrujacy FROM portal.wnioski_o_role w
     JOIN portal.uzytkownicy u ON u.id = w.uzytkownik_id LEFT JOIN portal.uzytkownicy r ON r.id = w.rozpatrujacy_id
     WHERE u.login = $1 ORDER BY w.id DESC LIMIT 1`, [login]);
  return row;
}

async function auditRows(event: string, login: string): Promise<Record<string, unknown>[]> {
  const rows = await app.db.query<{ szczegoly: Record<string, unknown> }>(
    `SELECT szczegoly FROM portal.dziennik_zdarzen WHERE zdarzenie = $1 AND lower(login) = lower($2) ORDER BY id`, [event, login]);
  return rows.map((r) => r.szczegoly);
}

function mailsTo(address: string): string[] {
  return readdirSync(outbox).map((f) => readFileSync(path.join(outbox, f), 'utf8')).filter((m) => m.startsWith(`To: ${address}\r\n`));
}

const adminCsrf = async () => (await admin.session()).csrfToken;
const pageText = (html: string) => html.replace(/<style>[^]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('registration with an application', () => {
  it('a surveyor registers as a client with a waiting application, audited and mailed', async () => {
    const { b, login, res } = await register({ rola: 'geodeta', uprawnieniaGeodety: ' nr 21345 ' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/konto?wniosek=zlozony');
    expect((await b.session()).user).toMatchObject({ login, role: 'klient' });
    const a = await applicationOf(login);
    expect(a).toMatchObject({ rola: 'geodeta', stan: 'złożony', numerUprawnien: '21345' });
    expect(await auditRows('wniosek_o_role', login)).toEqual([{ wniosek: a!.id, rola: 'geodeta' }]);
    const [mail] = mailsTo(`${login}@example.pl`);
    expect(mail).toContain('Geodeta (uprawnienia zawodowe)');
    expect(mail).toContain('21345');
    const page = pageText(await (await b.get('/konto?wniosek=zlozony')).text());
    expect(page).toContain('Wniosek o uprawnienia został złożony');
    expect(page).toContain('czeka na decyzję');
    expect(page).toContain('rola: Klient');
    expect(page).not.toMatch(/\bklient\b|\bgeodeta\b|anonim/); // names, not codes
  });

  it('refuses bad licence numbers, offices and companies with a Polish message, and creates no account', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ rola: 'geodeta' }, 'Podaj numer uprawnień zawodowych'],
      [{ rola: 'geodeta', uprawnieniaGeodety: 'abc-12' }, 'to liczba (1–6 cyfr)'],
      [{ rola: 'geodeta', uprawnieniaGeodety: '1234567' }, 'to liczba (1–6 cyfr)'],
      [{ rola: 'rzeczoznawca', uprawnieniaRzeczoznawcy: '000' }, 'rzeczoznawcy majątkowego to liczba'],
      [{ rola: 'projektant', uprawnieniaBudowlane: 'brak' }, 'WKP/0123/PWOK/12'],
      [{ rola: 'komornik', sadRejonowy: 'Poznań', kancelaria: 'Kancelaria nr 5' }, 'Sąd Rejonowy Poznań-Stare Miasto'],
      [{ rola: 'komornik', sadRejonowy: 'Sąd Rejonowy w Gnieźnie', kancelaria: 'Kancelaria Komornicza' }, 'z jej numerem'],
      [{ rola: 'branzysta', nazwaFirmy: 'Aquanet S.A.' }, 'Podaj NIP lub REGON'],
      [{ rola: 'branzysta', nazwaFirmy: 'Aquanet S.A.', nip: '1234563219' }, 'NIP jest niepoprawny'],
      [{ rola: 'branzysta', nazwaFirmy: 'Aquanet S.A.', regon: '123456786' }, 'REGON jest niepoprawny'],
      [{ rola: 'admin' }, 'Wybierz rolę z listy'],
    ];
    for (const [fields, message] of cases) {
      const { login, res } = await register(fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const html = await res.text();
      expect(pageText(html), JSON.stringify(fields)).toContain(message);
      expect(html).toContain('lang="pl"');
      const [n] = await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM portal.uzytkownicy WHERE login = $1`, [login]);
      expect(Number(n!.n)).toBe(0);
    }
    // What was typed stays in the form.
    const { res } = await register({ rola: 'komornik', sadRejonowy: 'Poznań', kancelaria: 'Kancelaria nr 5' });
    expect(await res.text()).toContain('value="Kancelaria nr 5"');
  });

  it('accepts the written forms of NIP, REGON and building licences', async () => {
    const firm = await register({ rola: 'branzysta', nazwaFirmy: '  Gestor  Sieci Sp. z o.o. ', nip: 'PL 123-456-32-18', regon: '123456785' });
    expect(firm.res.status).toBe(303);
    const [row] = await app.db.query<{ nazwaFirmy: string; nip: string; regon: string }>(
      `SELECT w."nazwaFirmy", w.nip, w.regon FROM portal.wnioski_o_role w JOIN portal.uzytkownicy u ON u.id = w.uzytkownik_id WHERE u.login = $1`, [firm.login]);
    expect(row).toEqual({ nazwaFirmy: 'Gestor Sieci Sp. z o.o.', nip: '1234563218', regon: '123456785' });
    const designer = await register({ rola: 'projektant', uprawnieniaBudowlane: 'wkp/0123/pwok/12' });
    expect(designer.res.status).toBe(303);
    expect((await applicationOf(designer.login))!.numerUprawnien).toBe('WKP/0123/PWOK/12');
  });
});

describe('the administrator decides', () => {
  it('grants: the role is set, the decision and the role change audited, the applicant mailed', async () => {
    const { b, login } = await register({ rola: 'komornik', sadRejonowy: 'Sąd Rejonowy Poznań-Stare Miasto w Poznaniu', kancelaria: 'Kancelaria Komornicza nr 5 w Poznaniu' });
    const a = (await applicationOf(login))!;
    const items = async () => (await b.get('/ogcapi/collections/dzialki/items?limit=1&f=json')).text();
    expect(await items()).not.toContain('wlasciciele');
    const list = pageText(await (await admin.get('/admin/wnioski')).text());
    expect(list).toContain(login);
    expect(list).toContain('Kancelaria Komornicza nr 5 w Poznaniu, Sąd Rejonowy Poznań-Stare Miasto w Poznaniu');
    expect(list).toContain('Komornik sądowy');
    const res = await admin.post(`/admin/wnioski/${a.id}/przyznaj`, { _csrf: await adminCsrf() });
    expect(res.status).toBe(303);
    expect((await b.session()).user!.role).toBe('komornik');
    expect(await applicationOf(login)).toMatchObject({ stan: 'przyznany', rozpatrujacy: adminLogin, uzasadnienie: null });
    const adminId = (await admin.session()).user!.id;
    expect(await auditRows('wniosek_przyznany', login)).toEqual([{ wniosek: a.id, rola: 'komornik', przez: adminId }]);
    expect(await auditRows('rola_zmieniona', login)).toEqual([{ z: 'klient', na: 'komornik', przez: adminId, wniosek: a.id }]);
    const granted = mailsTo(`${login}@example.pl`).find((m) => m.includes('przyznano'));
    expect(granted).toContain('Komornik sądowy');
    // A decided application cannot be decided again.
    const again = await admin.post(`/admin/wnioski/${a.id}/odrzuc`, { _csrf: await adminCsrf(), uzasadnienie: 'Jednak nie.' });
    expect(again.status).toBe(409);
    expect(pageText(await again.text())).toContain('został już rozpatrzony');
    expect((await applicationOf(login))!.stan).toBe('przyznany');
    // The bailiff now sees owners (the entitled role works at once, in the same session).
    expect(await items()).toContain('wlasciciele');
  });

  it('refuses only with a reason, which the applicant reads on the account page and in the e-mail', async () => {
    const { b, login } = await register({ rola: 'rzeczoznawca', uprawnieniaRzeczoznawcy: '5641' });
    const a = (await applicationOf(login))!;
    const empty = await admin.post(`/admin/wnioski/${a.id}/odrzuc`, { _csrf: await adminCsrf(), uzasadnienie: ' ' });
    expect(empty.status).toBe(400);
    expect(pageText(await empty.text())).toContain('Odmowę trzeba uzasadnić');
    expect((await applicationOf(login))!.stan).toBe('złożony');
    const reason = 'Numer 5641 należy w rejestrze do innej osoby.';
    expect((await admin.post(`/admin/wnioski/${a.id}/odrzuc`, { _csrf: await adminCsrf(), uzasadnienie: reason })).status).toBe(303);
    expect(await applicationOf(login)).toMatchObject({ stan: 'odrzucony', uzasadnienie: reason, rozpatrujacy: adminLogin });
    expect((await b.session()).user!.role).toBe('klient');
    expect(await auditRows('wniosek_odrzucony', login)).toHaveLength(1);
    expect(await auditRows('rola_zmieniona', login)).toHaveLength(0);
    const refused = mailsTo(`${login}@example.pl`).find((m) => m.includes('odrzucony'));
    expect(refused).toContain(reason);
    const page = pageText(await (await b.get('/konto')).text());
    expect(page).toContain(reason);
    // A new application may follow a refusal, from the account page.
    const _csrf = (await b.session()).csrfToken;
    const next = await b.post('/konto/wniosek', { _csrf, rola: 'rzeczoznawca', uprawnieniaRzeczoznawcy: '5642' });
    expect(next.status).toBe(303);
    expect(await applicationOf(login)).toMatchObject({ stan: 'złożony', numerUprawnien: '5642' });
  });

  it('refuses a second waiting application and bad input on the account page', async () => {
    const { b, login } = await register({ rola: 'klient' });
    const _csrf = (await b.session()).csrfToken;
    const bad = await b.post('/konto/wniosek', { _csrf, rola: 'geodeta', uprawnieniaGeodety: 'XX' });
    expect(bad.status).toBe(400);
    expect(pageText(await bad.text())).toContain('Numer uprawnień zawodowych geodety to liczba');
    const none = await b.post('/konto/wniosek', { _csrf, rola: 'klient' });
    expect(none.status).toBe(400);
    expect(pageText(await none.text())).toContain('Wybierz rolę, o którą wnioskujesz');
    expect((await b.post('/konto/wniosek', { _csrf, rola: 'geodeta', uprawnieniaGeodety: '777' })).status).toBe(303);
    const second = await b.post('/konto/wniosek', { _csrf, rola: 'komornik', sadRejonowy: 'Sąd Rejonowy w Gnieźnie', kancelaria: 'Kancelaria Komornicza nr 1' });
    expect(second.status).toBe(409);
    expect(pageText(await second.text())).toContain('czeka jeszcze na decyzję');
    const [n] = await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM portal.wnioski_o_role w JOIN portal.uzytkownicy u ON u.id = w.uzytkownik_id WHERE u.login = $1`, [login]);
    expect(Number(n!.n)).toBe(1);
  });

  it('needs CSRF tokens and an administrator', async () => {
    const { b, login } = await register({ rola: 'geodeta', uprawnieniaGeodety: '4321' });
    const a = (await applicationOf(login))!;
    // No token, a forged one, another browser's: 403, nothing decided.
    expect((await admin.post(`/admin/wnioski/${a.id}/przyznaj`, {})).status).toBe(403);
    expect((await admin.post(`/admin/wnioski/${a.id}/przyznaj`, { _csrf: 'a'.repeat(64) + '.' + 'b'.repeat(64) })).status).toBe(403);
    expect((await admin.post(`/admin/wnioski/${a.id}/przyznaj`, { _csrf: (await b.session()).csrfToken })).status).toBe(403);
    // The applicant with their own valid token cannot grant it to themselves.
    expect((await b.post(`/admin/wnioski/${a.id}/przyznaj`, { _csrf: (await b.session()).csrfToken })).status).toBe(403);
    expect((await b.get('/admin/wnioski')).status).toBe(403);
    const anon = await new Browser(app.url).get('/admin/wnioski');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/konto\/logowanie\?next=/);
    // An application without a token from the account page is refused too.
    expect((await b.post('/konto/wniosek', { rola: 'komornik' })).status).toBe(403);
    expect((await applicationOf(login))!.stan).toBe('złożony');
    expect((await b.session()).user!.role).toBe('klient');
    // An unknown application.
    expect((await admin.post('/admin/wnioski/999999999/przyznaj', { _csrf: await adminCsrf() })).status).toBe(404);
  });
});

describe('role names on the pages', () => {
  it('the administrator\'s pages name roles as people say them, never by their codes', async () => {
    const html = await (await admin.get('/admin/uzytkownicy')).text();
    for (const name of ['Geodeta (uprawnienia zawodowe)', 'Rzeczoznawca majątkowy', 'Komornik sądowy', 'Branżysta (gestor sieci)', 'Klient', 'Administrator']) expect(html).toContain(name);
    expect(html).toMatch(/Wnioski o uprawnienia czekające na decyzję: \d+/);
    // As words: the logins other test files create may contain the codes.
    expect(pageText(html)).not.toMatch(/(?<!\w)(anonim|branzysta)(?!\w)/);
  });
});
