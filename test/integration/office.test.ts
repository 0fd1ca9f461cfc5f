// The office's back office over real HTTP against the sample PostGIS: a pracownik signs in (session), lists and
// filters orders, issues and corrects a DOO, uploads an MT940 statement that pays one order and leaves one line for a
// person, marks another paid by hand (a missing reason is a Polish error and changes nothing), cancels one; every
// action's history and audit rows; the orderer's e-mails (written by the real mailer to MAIL_OUTBOX_DIR) with their
// content; the two paid orders released at once (not by the sweep); a klient gets the Polish 403 page; the statistics
// against the orders made here; a mailer that fails does not stop an order.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { Browser, TEST_PASSWORD, uniqueLogin } from '../security/browser-session.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';
import { expireOrders, placeOrder } from '../../server/orders/store.ts';
import { resolveBasket } from '../../server/services/orders/basket.ts';
import { quoteItems } from '../../server/services/orders/quote.ts';
import { notifyOrder } from '../../server/orders/notify.ts';
import { defaultMailer } from '../../server/accounts/mail.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';

let app: TestApp;
const outbox = mkdtempSync(path.join(tmpdir(), 'sip-office-outbox-'));
// The sweep is an hour away: a paid order released during this file was released at once, as the payment's path does.
beforeAll(async () => { app = await startApp({ MAIL_OUTBOX_DIR: outbox, AUTH_CACHE_MS: '0', DOWNLOADS_SWEEP_SECONDS: '3600' }); });
afterAll(async () => { await app?.close(); rmSync(outbox, { recursive: true, force: true }); });

const PARCEL = '306401_1.0004.12';
const TAG = `Biuro${randomBytes(4).toString('hex')}`;

interface Mail { to: string; subject: string; text: string }
function mailsTo(address: string): Mail[] {
  return readdirSync(outbox).sort().map((f) => readFileSync(path.join(outbox, f), 'utf8')).map((raw) => {
    const [head, ...body] = raw.split('\r\n\r\n');
    return { to: /^To: (.*)$/m.exec(head!)![1]!, subject: /^Subject: (.*)$/m.exec(head!)![1]!, text: body.join('\r\n\r\n') };
  }).filter((m) => m.to === address);
}

async function apiOrder(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const r = await fetch(`${app.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  expect(r.status).toBe(201);
  return r.json() as Promise<any>;
}

async function audits(event: string, orderId: string) {
  return app.db.query<{ login: string; szczegoly: any }>(`SELECT login, szczegoly FROM portal.dziennik_zdarzen WHERE zdarzenie = $1 AND szczegoly->>'zamowienieId' = $2`, [event, orderId]);
}

async function state(id: string): Promise<string> {
  const [r] = await app.db.query<{ stan: string }>('SELECT stan FROM portal.zamowienia WHERE id = $1', [id]);
  return r!.stan;
}

/** A paid order is released at once (services/orders/release.ts): by the time it is looked at it may be either. */
async function paidOrReleased(id: string): Promise<boolean> {
  return ['opłacone', 'zrealizowane'].includes(await state(id));
}

async function released(id: string): Promise<void> {
  const until = Date.now() + 90_000;
  while (await state(id) !== 'zrealizowane') {
    if (Date.now() > until) throw new Error(`order ${id} not released: ${await state(id)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function historyCount(id: string): Promise<number> {
  const [r] = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM portal.zamowienia_historia WHERE zamowienie_id = $1', [id]);
  return Number(r!.n);
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

const statement = (lines: string[]) => [
  ':20:ST' + randomBytes(4).toString('hex'), ':25:/PL16102040270000123456789012', ':28C:00002/001', ':60F:C261202PLN000000000000,00', ...lines, ':62F:C261203PLN000000000000,00', '-', '',
].join('\r\n');

// The orders of this file: A anonymous wyrys (105 zł) paid by transfer after a DOO correction, B a klient's wypis from
// the surveyors' portal (24 zł, bez danych), C anonymous wyrys paid by hand, D anonymous wypis cancelled, E a wyrys
// placed without its DOO, which the office issues.
const o: Record<'A' | 'B' | 'C' | 'D' | 'E', { id: string; number: string; email: string; doo?: string }> = {} as any;
let staff: Browser, staffLogin: string, klient: { login: string; key: string; email: string };

beforeAll(async () => {
  staffLogin = uniqueLogin('prac');
  await createUser(app.db, staffLogin, `${staffLogin}@example.pl`, TEST_PASSWORD, 'pracownik');
  staff = new Browser(app.url);
  expect((await staff.login(staffLogin, TEST_PASSWORD)).status).toBe(303);
  const kl = uniqueLogin('kl');
  const ku = await createUser(app.db, kl, `${kl}@example.pl`, TEST_PASSWORD, 'klient');
  klient = { login: kl, key: (await createApiKey(app.db, ku.id, 'biuro')).key, email: `${kl}@example.pl` };

  for (const [k, material] of [['A', 'wyrys'], ['C', 'wyrys'], ['D', 'wypis']] as const) {
    const email = `${k.toLowerCase()}.${TAG.toLowerCase()}@example.pl`;
    const r = await apiOrder({ email, payer: `${TAG} ${k}`, items: [{ material, parcels: [PARCEL] }] });
    o[k] = { id: r.id, number: r.number, email, doo: r.doo.number };
  }
  // A signed-in orderer's mails go to the account's e-mail, not to one given with the order.
  const b = await apiOrder({ email: `inny.${TAG.toLowerCase()}@example.pl`, payer: `${TAG} B`, portal: 'geodeci', items: [{ material: 'wypis', parcels: [PARCEL] }] }, { 'X-API-Key': klient.key });
  o.B = { id: b.id, number: b.number, email: klient.email, doo: b.doo.number };
  // E: placed, its DOO not issued yet (as when issuing failed after the order was stored).
  const items = await resolveBasket(app.db, { items: [{ material: 'wyrys', parcels: [PARCEL] }] }, 2000, false);
  const email = `e.${TAG.toLowerCase()}@example.pl`;
  const id = await placeOrder(app.db, { userId: null, email, role: 'anonim', personalData: false, payer: `${TAG} E`, payerAddress: null, purpose: null, portal: 'klienci', tokenHash: null },
    items, quoteItems(items), { userId: null, name: email });
  const [row] = await app.db.query<{ numer: string }>('SELECT numer FROM portal.zamowienia WHERE id = $1', [id]);
  o.E = { id, number: row!.numer, email };
});

describe('access', () => {
  it('sends a signed-out person to the login and shows a klient the Polish 403 page', async () => {
    const anon = await fetch(`${app.url}/biuro/zamowienia`, { redirect: 'manual' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/konto/logowanie?next=%2Fbiuro%2Fzamowienia');
    const b = new Browser(app.url);
    expect((await b.login(klient.login, TEST_PASSWORD)).status).toBe(303);
    for (const url of ['/biuro/zamowienia', `/biuro/zamowienia/${o.A.id}`, '/biuro/wyciagi', '/biuro/statystyki']) {
      const r = await b.get(url);
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toContain('text/html');
      const html = await r.text();
      expect(html).toContain('lang="pl"');
      expect(html).toContain('Ta strona jest tylko dla pracowników ośrodka.');
    }
    const post = await b.post(`/biuro/zamowienia/${o.D.id}/anulowanie`, { _csrf: (await b.session()).csrfToken, powod: 'nie moje' });
    expect(post.status).toBe(403);
    expect(await state(o.D.id)).toBe('DOO wystawiony');
    const json = await fetch(`${app.url}/api/office/stats/orders`, { headers: { 'X-API-Key': klient.key } });
    expect(json.status).toBe(403);
    expect(json.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lets the office staff read any order through the API (isOfficeStaff, no longer admin only)', async () => {
    const r = await staff.get(`/api/orders/${o.A.id}`);
    expect(r.status).toBe(200);
    expect((await r.json() as any).number).toBe(o.A.number);
  });
});

describe('the list', () => {
  const numbersOn = (html: string) => [...html.matchAll(/<tr data-order="([^"]+)"/g)].map((m) => m[1]).sort();

  it('lists and filters by state, portal, order or DOO number, payer or e-mail, and dates', async () => {
    const all = await (await staff.get(`/biuro/zamowienia?zamawiajacy=${TAG}`)).text();
    expect(numbersOn(all)).toEqual(Object.values(o).map((x) => x.number).sort());
    expect(all).toContain('Znaleziono: <strong>5</strong>');
    const placed = await (await staff.get(`/biuro/zamowienia?zamawiajacy=${TAG}&stan=${encodeURIComponent('złożone')}`)).text();
    expect(numbersOn(placed)).toEqual([o.E.number]);
    const surveyors = await (await staff.get(`/biuro/zamowienia?zamawiajacy=${TAG}&portal=geodeci`)).text();
    expect(numbersOn(surveyors)).toEqual([o.B.number]);
    const byDoo = await (await staff.get(`/biuro/zamowienia?numer=${encodeURIComponent(o.C.doo!)}`)).text();
    expect(numbersOn(byDoo)).toEqual([o.C.number]);
    const byLogin = await (await staff.get(`/biuro/zamowienia?zamawiajacy=${klient.login}`)).text();
    expect(numbersOn(byLogin)).toEqual([o.B.number]);
    const byMail = await (await staff.get(`/biuro/zamowienia?zamawiajacy=${encodeURIComponent(o.D.email)}`)).text();
    expect(numbersOn(byMail)).toEqual([o.D.number]);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
    expect(numbersOn(await (await staff.get(`/biuro/zamowienia?zamawiajacy=${TAG}&od=${today}&do=${today}`)).text())).toHaveLength(5);
    expect(numbersOn(await (await staff.get(`/biuro/zamowienia?zamawiajacy=${TAG}&od=${tomorrow}`)).text())).toHaveLength(0);
    const page2 = await (await staff.get(`/biuro/zamowienia?zamawiajacy=${TAG}&strona=2`)).text();
    expect(numbersOn(page2)).toHaveLength(0);
    const bad = await staff.get(`/biuro/zamowienia?od=wczoraj&stan=nijaki`);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Data „wczoraj” nie jest datą (RRRR-MM-DD).');
    expect(badHtml).toContain('Nieznany stan „nijaki”.');
  });

  it('pages by 50', async () => {
    const html = await (await staff.get('/biuro/zamowienia')).text();
    const total = Number(/Znaleziono: <strong>(\d+)<\/strong>/.exec(html)![1]);
    expect(numbersOn(html)).toHaveLength(Math.min(50, total));
    if (total > 50) expect(html).toContain('rel="next"');
  });
});

describe('actions', () => {
  it('issues the DOO of a placed order: one transaction with its history and audit rows, and the orderer is mailed', async () => {
    const page = await (await staff.get(`/biuro/zamowienia/${o.E.id}`)).text();
    expect(page).toContain('Wystaw DOO');
    expect(page).toMatch(/Podstawa prawna i wyliczenie/);
    expect(page).toContain('tabela 11'); // the item's legal basis
    expect(page).toContain('105,00 zł');
    const r = await staff.post(`/biuro/zamowienia/${o.E.id}/doo`, { _csrf: csrfOf(page) });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/biuro/zamowienia/${o.E.id}?wykonano=doo`);
    const [row] = await app.db.query<{ numerDOO: string }>('SELECT "numerDOO" FROM portal.zamowienia WHERE id = $1', [o.E.id]);
    o.E.doo = row!.numerDOO;
    expect(o.E.doo).toMatch(/^DOO\/\d{4}\/\d{6}$/);
    expect(await state(o.E.id)).toBe('DOO wystawiony');
    const [h] = await app.db.query<{ kto: string; uzytkownik_id: number; powod: string }>(`SELECT kto, uzytkownik_id, powod FROM portal.zamowienia_historia WHERE zamowienie_id = $1 AND stan = 'DOO wystawiony'`, [o.E.id]);
    expect(h).toMatchObject({ kto: staffLogin, powod: `wystawiono ${o.E.doo}` });
    const a = await audits('zamowienie_doo_wystawiony', o.E.id);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ login: staffLogin, szczegoly: { numerDOO: o.E.doo, zamowienie: o.E.number } });
    const shown = await (await staff.get(r.headers.get('location')!)).text();
    expect(shown).toContain('Wystawiono DOO');
    const mail = mailsTo(o.E.email).find((m) => m.subject.includes(o.E.doo!))!;
    expect(mail.subject).toBe(`Zamówienie ${o.E.number}: Dokument Obliczenia Opłaty ${o.E.doo}`);
    expect(mail.text).toContain('Do zapłaty: 105,00 zł (słownie: sto pięć złotych zero groszy)');
    expect(mail.text).toContain('Rachunek: 16 1020 4027 0000 1234 5678 9012');
    expect(mail.text).toContain(`Tytuł przelewu: ${o.E.doo} opłata za materiały PZGiK ${o.E.number}`);
    expect(mail.text).toContain(`${app.url}/api/orders/${o.E.id}/doo.pdf`);
  });

  it('refuses a form without its CSRF token and changes nothing', async () => {
    const before = await historyCount(o.D.id);
    const r = await staff.post(`/biuro/zamowienia/${o.D.id}/anulowanie`, { powod: 'bez tokenu' });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('Formularz wygasł');
    expect(await historyCount(o.D.id)).toBe(before);
  });

  it('corrects a DOO: a new number, the old one in the history with the reason, and a mail naming both', async () => {
    const page = await (await staff.get(`/biuro/zamowienia/${o.A.id}`)).text();
    const noReason = await staff.post(`/biuro/zamowienia/${o.A.id}/korekta-doo`, { _csrf: csrfOf(page), powod: '  ', platnik: 'Anna Nowak' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Podaj powód: korekta DOO wymaga uzasadnienia.');
    const r = await staff.post(`/biuro/zamowienia/${o.A.id}/korekta-doo`, { _csrf: csrfOf(page), powod: 'błędne nazwisko płatnika', platnik: `${TAG} A Anna Nowak`, adres: 'ul. Gronowa 1, Poznań' });
    expect(r.status).toBe(303);
    const [z] = await app.db.query<{ numerDOO: string; platnik: string; adresPlatnika: string }>('SELECT "numerDOO", platnik, "adresPlatnika" FROM portal.zamowienia WHERE id = $1', [o.A.id]);
    expect(z!.numerDOO).not.toBe(o.A.doo);
    expect(z).toMatchObject({ platnik: `${TAG} A Anna Nowak`, adresPlatnika: 'ul. Gronowa 1, Poznań' });
    const [h] = await app.db.query<{ powod: string; numerDOOPoprzedni: string; stan: string }>(`SELECT powod, "numerDOOPoprzedni", stan FROM portal.zamowienia_historia WHERE zamowienie_id = $1 ORDER BY id DESC LIMIT 1`, [o.A.id]);
    expect(h).toMatchObject({ stan: 'DOO wystawiony', numerDOOPoprzedni: o.A.doo, powod: `korekta DOO: ${o.A.doo} zastąpiony przez ${z!.numerDOO}; powód: błędne nazwisko płatnika` });
    expect((await audits('zamowienie_doo_skorygowany', o.A.id))[0]!.szczegoly).toMatchObject({ numerDOO: z!.numerDOO, numerDOOPoprzedni: o.A.doo, powod: 'błędne nazwisko płatnika' });
    const mail = mailsTo(o.A.email).find((m) => m.subject.includes('korekta'))!;
    expect(mail.subject).toBe(`Zamówienie ${o.A.number}: korekta DOO — nowy numer ${z!.numerDOO}`);
    expect(mail.text).toContain(`Powód korekty: błędne nazwisko płatnika`);
    expect(mail.text).toContain(`Prosimy nie płacić według dokumentu ${o.A.doo}.`);
    // The list finds the order by its old DOO number too.
    const list = await (await staff.get(`/biuro/zamowienia?numer=${encodeURIComponent(o.A.doo!)}`)).text();
    expect(list).toContain(`data-order="${o.A.number}"`);
    const shown = await (await staff.get(`/biuro/zamowienia/${o.A.id}`)).text();
    expect(shown).toContain(`poprzedni DOO: ${o.A.doo}`);
    o.A.doo = z!.numerDOO;
  });

  it('imports an MT940 statement: pays the matching order, lists the unmatched line for a person', async () => {
    const page = await (await staff.get('/biuro/wyciagi')).text();
    const text = statement([
      `:61:2612031203C105,00N641NONREF//R${TAG}A`, `:86:020~00PRZELEW~20${o.A.doo} opłata~21~32ANNA NOWAK`,
      `:61:2612031203C77,00N641NONREF//R${TAG}X`, `:86:020~00PRZELEW~20za mapy ${TAG}~32JAN KTOŚ`,
    ]);
    const form = new FormData();
    form.set('_csrf', csrfOf(page));
    form.set('plik', new Blob([text], { type: 'text/plain' }), 'wyciag.sta');
    const r = await fetch(`${app.url}/biuro/wyciagi`, { method: 'POST', body: form, headers: { cookie: staff.cookieHeader() } });
    expect(r.status).toBe(200);
    const html = await r.text();
    const matched = /<table id="dopasowane">([\s\S]*?)<\/table>/.exec(html)![1]!;
    expect(matched).toContain(o.A.number);
    expect(matched).toContain('105,00 zł');
    const unmatched = /<table id="niedopasowane">([\s\S]*?)<\/table>/.exec(html)![1]!;
    expect(unmatched).toContain(`za mapy ${TAG}`);
    expect(unmatched).toContain('brak numeru DOO w tytule przelewu');
    expect(html).toContain('Opłacone zamówienia: <strong>1</strong>, wpłaty do wyjaśnienia: <strong>1</strong>');
    expect(await paidOrReleased(o.A.id)).toBe(true);
    expect(await audits('zamowienie_oplacone', o.A.id)).toHaveLength(1);
    const [imp] = await app.db.query<{ szczegoly: any; login: string }>(`SELECT szczegoly, login FROM portal.dziennik_zdarzen WHERE zdarzenie = 'wyciag_zaimportowany' AND szczegoly->'zamowienia' ? $1`, [o.A.number]);
    expect(imp).toMatchObject({ login: staffLogin, szczegoly: { oplacone: 1, doWyjasnienia: 1, plik: 'wyciag.sta' } });
    // The line stays on the list for a person; the order's page shows its payment.
    expect(await (await staff.get('/biuro/wyciagi')).text()).toContain(`za mapy ${TAG}`);
    expect(await (await staff.get(`/biuro/zamowienia/${o.A.id}`)).text()).toMatch(/<table id="wplaty">[\s\S]*105,00 zł[\s\S]*opłacono/);
    const paid = mailsTo(o.A.email).find((m) => m.subject === `Zamówienie ${o.A.number} zostało opłacone`)!;
    expect(paid.text).toContain(`Odnotowaliśmy zapłatę 105,00 zł za zamówienie ${o.A.number} (DOO ${o.A.doo})`);
  });

  it('answers a file that is not MT940 with a Polish message on the page', async () => {
    const page = await (await staff.get('/biuro/wyciagi')).text();
    const form = new FormData();
    form.set('_csrf', csrfOf(page));
    form.set('plik', new Blob(['to nie jest wyciąg'], { type: 'text/plain' }), 'list.txt');
    const r = await fetch(`${app.url}/biuro/wyciagi`, { method: 'POST', body: form, headers: { cookie: staff.cookieHeader() } });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('To nie jest wyciąg MT940');
  });

  it('marks paid by hand only with a reason: without one a Polish error and nothing changes', async () => {
    const page = await (await staff.get(`/biuro/zamowienia/${o.C.id}`)).text();
    const before = await historyCount(o.C.id);
    const mailsBefore = mailsTo(o.C.email).length;
    const missing = await staff.post(`/biuro/zamowienia/${o.C.id}/oplacone`, { _csrf: csrfOf(page), powod: '' });
    expect(missing.status).toBe(400);
    const html = await missing.text();
    expect(html).toContain('Podaj powód: ręczne oznaczenie zapłaty wymaga uzasadnienia.');
    expect(html).toContain('role="alert"');
    expect(await state(o.C.id)).toBe('DOO wystawiony');
    expect(await historyCount(o.C.id)).toBe(before);
    expect(await audits('zamowienie_oplacone_recznie', o.C.id)).toHaveLength(0);
    expect(mailsTo(o.C.email)).toHaveLength(mailsBefore);

    const ok = await staff.post(`/biuro/zamowienia/${o.C.id}/oplacone`, { _csrf: csrfOf(page), powod: 'wpłata w kasie 03.12.2026, KP 15/2026' });
    expect(ok.status).toBe(303);
    expect(await paidOrReleased(o.C.id)).toBe(true);
    const [h] = await app.db.query<{ powod: string; kto: string }>(`SELECT powod, kto FROM portal.zamowienia_historia WHERE zamowienie_id = $1 AND stan = 'opłacone'`, [o.C.id]);
    expect(h).toEqual({ powod: 'oznaczono jako opłacone ręcznie: wpłata w kasie 03.12.2026, KP 15/2026', kto: staffLogin });
    expect((await audits('zamowienie_oplacone_recznie', o.C.id))[0]!.szczegoly.powod).toBe('wpłata w kasie 03.12.2026, KP 15/2026');
    expect(mailsTo(o.C.email).map((m) => m.subject)).toContain(`Zamówienie ${o.C.number} zostało opłacone`);
    // Done twice (a second tab): the order is paid already, 409 with the page as it is now.
    const again = await staff.post(`/biuro/zamowienia/${o.C.id}/oplacone`, { _csrf: csrfOf(page), powod: 'jeszcze raz' });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/zamówienie jest w stanie „(opłacone|zrealizowane)”/);
  });

  it('cancels with a reason, mailed to the orderer', async () => {
    const page = await (await staff.get(`/biuro/zamowienia/${o.D.id}`)).text();
    const r = await staff.post(`/biuro/zamowienia/${o.D.id}/anulowanie`, { _csrf: csrfOf(page), powod: 'zamawiający zrezygnował telefonicznie' });
    expect(r.status).toBe(303);
    expect(await state(o.D.id)).toBe('anulowane');
    const [h] = await app.db.query<{ powod: string }>(`SELECT powod FROM portal.zamowienia_historia WHERE zamowienie_id = $1 AND stan = 'anulowane'`, [o.D.id]);
    expect(h!.powod).toBe('anulowano: zamawiający zrezygnował telefonicznie');
    expect(await audits('zamowienie_anulowane', o.D.id)).toHaveLength(1);
    const mail = mailsTo(o.D.email).find((m) => m.subject === `Zamówienie ${o.D.number} zostało anulowane`)!;
    expect(mail.text).toContain('Powód: zamawiający zrezygnował telefonicznie');
    expect(mail.text).toContain(`Dokument Obliczenia Opłaty ${o.D.doo} jest nieaktualny`);
  });
});

describe('release', () => {
  it('releases the orders paid by the MT940 form and by hand at once, without waiting for the sweep', async () => {
    await released(o.A.id);
    await released(o.C.id);
    const [h] = await app.db.query<{ powod: string; kto: string }>(`SELECT powod, kto FROM portal.zamowienia_historia WHERE zamowienie_id = $1 AND stan = 'zrealizowane'`, [o.C.id]);
    expect(h).toEqual({ powod: 'materiały przygotowane do pobrania: 2 pliki', kto: 'system' });
  }, 100_000);
});

describe('e-mails', () => {
  it('wrote each step to the orderer: anonymous at the order e-mail, a user at the account e-mail', async () => {
    expect(mailsTo(o.A.email).map((m) => m.subject)).toEqual([
      `Zamówienie ${o.A.number} zostało złożone`,
      expect.stringMatching(/^Zamówienie .*: Dokument Obliczenia Opłaty DOO\//),
      `Zamówienie ${o.A.number}: korekta DOO — nowy numer ${o.A.doo}`,
      `Zamówienie ${o.A.number} zostało opłacone`,
      `Zamówienie ${o.A.number}: materiały do pobrania`,
    ]);
    const placed = mailsTo(o.A.email)[0]!;
    expect(placed.text).toMatch(new RegExp(`/api/orders/${o.A.id}\\?token=zam_`));
    expect(placed.text).toContain('Wyrys z mapy ewidencyjnej: 105,00 zł');
    expect(mailsTo(klient.email).map((m) => m.subject)).toEqual([`Zamówienie ${o.B.number} zostało złożone`, `Zamówienie ${o.B.number}: Dokument Obliczenia Opłaty ${o.B.doo}`]);
    expect(mailsTo(`inny.${TAG.toLowerCase()}@example.pl`)).toHaveLength(0);
  });

  it('mails a lapsed order', async () => {
    await app.db.query(`UPDATE portal.zamowienia SET "terminPlatnosci" = now() - interval '1 day' WHERE id = $1`, [o.B.id]);
    const config = loadConfig({ DATABASE_URL: 'postgres://unused', MAIL_OUTBOX_DIR: outbox });
    const log = createLogger('silent');
    await expireOrders(app.db, (id) => notifyOrder({ db: app.db, config, log, mailer: defaultMailer(config.security, log) }, id, { kind: 'wygasłe' }));
    expect(await state(o.B.id)).toBe('wygasłe');
    const mail = mailsTo(klient.email).find((m) => m.subject === `Zamówienie ${o.B.number} wygasło`)!;
    expect(mail.text).toContain(`DOO ${o.B.doo}, 24,00 zł`);
  });

  it('a mailer that fails does not stop the order', async () => {
    const blocker = path.join(outbox, 'plik');
    writeFileSync(blocker, 'x');
    const broken = await startApp({ MAIL_OUTBOX_DIR: path.join(blocker, 'poczta') }); // a directory under a file: every send fails
    try {
      const r = await fetch(`${broken.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `f.${TAG.toLowerCase()}@example.pl`, items: [{ material: 'wyrys', parcels: [PARCEL] }] }) });
      expect(r.status).toBe(201);
      expect((await r.json() as any).state).toBe('DOO wystawiony');
    } finally {
      await broken.close();
    }
  });
});

describe('statistics', () => {
  it('counts orders by state, fees charged and paid, and releases per portal and month', async () => {
    // A and C were released above: the statistics count them and their one item each.
    // This file's orders are moved to a month of their own, so that other files' orders do not count.
    const ids = Object.values(o).map((x) => x.id);
    await app.db.query(`UPDATE portal.zamowienia SET utworzono = utworzono - interval '40 years' WHERE id = ANY($1::uuid[])`, [ids]);
    await app.db.query(`UPDATE portal.zamowienia_historia SET czas = czas - interval '40 years' WHERE zamowienie_id = ANY($1::uuid[])`, [ids]);
    const [m] = await app.db.query<{ month: string; from: string; to: string }>(`SELECT to_char(date_trunc('month', utworzono AT TIME ZONE 'Europe/Warsaw'), 'YYYY-MM') AS month,
      to_char(date_trunc('month', utworzono AT TIME ZONE 'Europe/Warsaw'), 'YYYY-MM-DD') AS from, to_char(date_trunc('month', utworzono AT TIME ZONE 'Europe/Warsaw') + interval '1 month - 1 day', 'YYYY-MM-DD') AS to
      FROM portal.zamowienia WHERE id = $1`, [o.A.id]);
    const r = await staff.get(`/api/office/stats/orders?from=${m!.from}&to=${m!.to}`);
    expect(r.status).toBe(200);
    const stats = await r.json() as any;
    const klienci = stats.rows.find((x: any) => x.portal === 'klienci' && x.month === m!.month);
    // A wyrys 105 (zrealizowane), C wyrys 105 (zrealizowane), D wypis bez danych 24 (anulowane), E wyrys 105 (DOO wystawiony)
    expect(klienci).toEqual({ portal: 'klienci', month: m!.month, orders: 4,
      byState: { 'złożone': 0, 'DOO wystawiony': 1, 'opłacone': 0, 'zrealizowane': 2, 'anulowane': 1, 'wygasłe': 0 },
      charged: 339, paid: 210, released: 2, releasedItems: 2 });
    const geodeci = stats.rows.find((x: any) => x.portal === 'geodeci' && x.month === m!.month);
    expect(geodeci).toMatchObject({ orders: 1, byState: { 'wygasłe': 1 }, charged: 24, paid: 0, released: 0 });
    expect(stats.totals).toMatchObject({ orders: 5, charged: 363, paid: 210, released: 2 });
    const html = await (await staff.get(`/biuro/statystyki?from=${m!.from}&to=${m!.to}`)).text();
    const row = new RegExp(`<tr data-month="${m!.month}" data-portal="klienci"><td>${m!.month}</td><td>Klienci</td><td>4</td><td>0</td><td>1</td><td>0</td><td>2</td><td>1</td><td>0</td>\\s*<td>339,00</td><td>210,00</td><td>2</td><td>2</td></tr>`);
    expect(html).toMatch(row);
    expect((await staff.get('/biuro/statystyki?from=2026-13-01')).status).toBe(400);
  });
});
