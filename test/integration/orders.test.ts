// Orders over real HTTP against the sample PostGIS: anonymous with an e-mail, with a personal API key, with a
// session and its CSRF token; the DOO issued at once with its number; owners only; numbers unique under concurrent
// orders; state changes as transactions with a history row, one winner when two race.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';
import { createSession } from '../../server/accounts/sessions.ts';
import { changeState, expireOrders, StateConflict } from '../../server/orders/store.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

const PARCEL = '306401_1.0004.12';
const BOX = [6427000, 5808200, 6427400, 5808500];

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(app.url + url, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined };
}

async function userWithKey(role: 'geodeta' | 'klient') {
  const login = `z${randomBytes(5).toString('hex')}`;
  const user = await createUser(app.db, login, `${login}@example.pl`, 'Dluga-fraza-testowa-2026', role);
  const { key } = await createApiKey(app.db, user.id, 'test');
  return { user, key };
}

describe('POST /api/orders', () => {
  it('takes an anonymous order with an e-mail: 201, Location, the DOO issued, the wypis without personal data', async () => {
    const r = await call('POST', '/api/orders', { email: 'jan.kowalski@example.pl', payer: 'Jan Kowalski', payerAddress: 'ul. Święty Marcin 1, 61-803 Poznań',
      items: [{ material: 'wypis', parcels: [PARCEL] }, { material: 'wyrys', parcels: [PARCEL] }] });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe(`/api/orders/${r.body.id}`);
    expect(r.body.state).toBe('DOO wystawiony');
    expect(r.body.number).toMatch(/^ZAM\/\d{4}\/\d{6}$/);
    expect(r.body.doo.number).toMatch(/^DOO\/\d{4}\/\d{6}$/);
    expect(r.body.personalData).toBe(false);
    // table 11: wypis bez danych osobowych 24 zł + wyrys 105 zł (electronic)
    expect(r.body.items.map((i: any) => [i.material, i.amount])).toEqual([['wypis_bez_danych', 24], ['wyrys', 105]]);
    expect(r.body.total).toBe(129);
    expect(r.body.history.map((h: any) => [h.from, h.to])).toEqual([[null, 'złożone'], ['złożone', 'DOO wystawiony']]);
    expect(r.body.accessToken).toMatch(/^zam_/);

    // Readable with the token only.
    expect((await call('GET', r.headers.get('location')!)).status).toBe(404);
    expect((await call('GET', r.headers.get('location')!, undefined, { 'X-Order-Token': 'zam_' + 'x'.repeat(43) })).status).toBe(404);
    const mine = await call('GET', r.headers.get('location')!, undefined, { 'X-Order-Token': r.body.accessToken });
    expect(mine.status).toBe(200);
    expect(mine.body.number).toBe(r.body.number);
    expect(mine.body.accessToken).toBeUndefined();
    const [row] = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM portal.zamowienia_historia WHERE zamowienie_id = $1', [r.body.id]);
    expect(Number(row!.n)).toBe(2);
  });

  it('refuses an anonymous order without an e-mail, and bad items, with a 400 problem', async () => {
    const noMail = await call('POST', '/api/orders', { items: [{ material: 'wyrys', parcels: [PARCEL] }] });
    expect(noMail.status).toBe(400);
    expect(noMail.body.detail).toMatch(/email/);
    const badMail = await call('POST', '/api/orders', { email: 'nie-adres', items: [{ material: 'wyrys', parcels: [PARCEL] }] });
    expect(badMail.status).toBe(400);
    const badItem = await call('POST', '/api/orders', { email: 'a@example.pl', items: [{ material: 'wyrys', parcels: ['306401_1.0004.99999'] }] });
    expect(badItem.status).toBe(400);
    // A data set the tariff prices but the service cannot release (BDOT500 has no layers yet): no fee is taken for it.
    const bdot = await call('POST', '/api/orders', { email: 'a@example.pl', items: [{ material: 'extract', dataset: 'bdot500', bbox: '6427000,5808200,6427400,5808500' }] });
    expect(bdot.status).toBe(422);
    expect(bdot.body).toMatchObject({ parameter: 'items[0].dataset' });
    expect(bdot.body.detail).toMatch(/bdot500 data set is not released by this service yet/);
    const [n] = await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM portal.zamowienia WHERE email = 'a@example.pl'`);
    expect(Number(n!.n)).toBe(0);
  });

  it('an entitled surveyor with an API key gets the wypis with owners; the order is theirs alone', async () => {
    const surveyor = await userWithKey('geodeta');
    const client = await userWithKey('klient');
    const r = await call('POST', '/api/orders', { items: [{ material: 'wypis', parcels: [PARCEL] }] }, { 'X-API-Key': surveyor.key });
    expect(r.status).toBe(201);
    expect(r.body.personalData).toBe(true);
    expect(r.body.items[0]).toMatchObject({ material: 'wypis', amount: 40 });
    expect(r.body.accessToken).toBeUndefined();
    expect((await call('GET', `/api/orders/${r.body.id}`, undefined, { 'X-API-Key': surveyor.key })).status).toBe(200);
    expect((await call('GET', `/api/orders/${r.body.id}`, undefined, { 'X-API-Key': client.key })).status).toBe(404);
    expect((await call('GET', `/api/orders/${r.body.id}`)).status).toBe(404);
    const c = await call('POST', '/api/orders', { items: [{ material: 'wypis', parcels: [PARCEL] }] }, { 'X-API-Key': client.key });
    expect(c.body.personalData).toBe(false);
    expect(c.body.items[0].material).toBe('wypis_bez_danych');
    // "Moje zamówienia": each account lists its own orders only; without an account there is nothing to list by.
    const mine = await call('GET', '/api/orders', undefined, { 'X-API-Key': surveyor.key });
    expect(mine.status).toBe(200);
    expect(mine.body.orders.map((o: { id: string }) => o.id)).toEqual([r.body.id]);
    expect(mine.body.orders[0]).toMatchObject({ number: r.body.number, state: 'DOO wystawiony', total: 40, href: `/api/orders/${r.body.id}` });
    expect(mine.body.orders[0].doo.href).toBe(`/api/orders/${r.body.id}/doo.pdf`);
    const theirs = await call('GET', '/api/orders', undefined, { 'X-API-Key': client.key });
    expect(theirs.body.orders.map((o: { id: string }) => o.id)).toEqual([c.body.id]);
    const nobody = await call('GET', '/api/orders');
    expect(nobody.status).toBe(401);
    expect(nobody.headers.get('content-type')).toContain('application/problem+json');
  });

  it('with a session, needs the CSRF token', async () => {
    const { user } = await userWithKey('klient');
    const session = await createSession(app.db, user.id, { idleHours: 1, maxHours: 2 }, '127.0.0.1', 'test');
    const cookie = `sip_sesja=${session}`;
    const s = await fetch(`${app.url}/api/session`, { headers: { cookie } });
    const { csrfToken, user: u } = await s.json() as any;
    expect(u.id).toBe(user.id);
    const csrfCookie = s.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const body = { items: [{ material: 'sheet', sheets: ['6.177.11.08.3'] }] };
    const without = await call('POST', '/api/orders', body, { cookie });
    expect(without.status).toBe(403);
    const forged = await call('POST', '/api/orders', body, { cookie: `${cookie}; ${csrfCookie}`, 'X-CSRF-Token': 'x' + csrfToken });
    expect(forged.status).toBe(403);
    const ok = await call('POST', '/api/orders', body, { cookie: `${cookie}; ${csrfCookie}`, 'X-CSRF-Token': csrfToken });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await call('GET', `/api/orders/${ok.body.id}`, undefined, { cookie })).status).toBe(200);
  });

  it('an order of free materials needs no DOO and is paid at once', async () => {
    const r = await call('POST', '/api/orders', { email: 'b@example.pl', items: [{ material: 'nmt', bbox: BOX }, { material: 'model3d', bbox: BOX }] });
    expect(r.status).toBe(201);
    expect(r.body.total).toBe(0);
    expect(r.body.doo).toBeNull();
    expect(r.body.state).toBe('opłacone');
  });

  it('gives unique order and DOO numbers to concurrent orders', async () => {
    const rs = await Promise.all(Array.from({ length: 8 }, () => call('POST', '/api/orders', { email: 'c@example.pl', items: [{ material: 'wyrys', parcels: [PARCEL] }] })));
    expect(rs.every((r) => r.status === 201)).toBe(true);
    expect(new Set(rs.map((r) => r.body.number)).size).toBe(8);
    expect(new Set(rs.map((r) => r.body.doo.number)).size).toBe(8);
  });
});

describe('order states', () => {
  it('refuses a change the state machine does not allow, and lets one of two racing payments win', async () => {
    const r = await call('POST', '/api/orders', { email: 'd@example.pl', items: [{ material: 'wyrys', parcels: [PARCEL] }] });
    const id = r.body.id as string;
    const sys = { userId: null, name: 'test' };
    await expect(changeState(app.db, id, 'zrealizowane', sys, 'skok')).rejects.toBeInstanceOf(StateConflict);
    const results = await Promise.allSettled([changeState(app.db, id, 'opłacone', sys, 'wyciąg 1'), changeState(app.db, id, 'opłacone', sys, 'wyciąg 2')]);
    expect(results.filter((x) => x.status === 'fulfilled').length).toBe(1);
    expect(results.filter((x) => x.status === 'rejected' && x.reason instanceof StateConflict).length).toBe(1);
    const hist = await app.db.query<{ stan: string }>(`SELECT stan FROM portal.zamowienia_historia WHERE zamowienie_id = $1 ORDER BY id`, [id]);
    expect(hist.map((h) => h.stan)).toEqual(['złożone', 'DOO wystawiony', 'opłacone']);
    await changeState(app.db, id, 'zrealizowane', sys, 'wydano');
    await expect(changeState(app.db, id, 'anulowane', sys, 'za późno')).rejects.toBeInstanceOf(StateConflict);
  });

  it('lapses an order whose DOO term passed unpaid, once', async () => {
    const r = await call('POST', '/api/orders', { email: 'e@example.pl', items: [{ material: 'wyrys', parcels: [PARCEL] }] });
    await app.db.query(`UPDATE portal.zamowienia SET "terminPlatnosci" = now() - interval '1 day' WHERE id = $1`, [r.body.id]);
    const counts = await Promise.all([expireOrders(app.db), expireOrders(app.db)]);
    expect(counts[0] + counts[1]).toBeGreaterThanOrEqual(1);
    const mine = await call('GET', `/api/orders/${r.body.id}`, undefined, { 'X-Order-Token': r.body.accessToken });
    expect(mine.body.state).toBe('wygasłe');
    expect(mine.body.history.filter((h: any) => h.to === 'wygasłe')).toHaveLength(1);
  });
});
