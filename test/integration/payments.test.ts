// Bank transfers: an MT940 statement imported over real HTTP pays the order whose DOO number and amount match (the
// payment, the state change and the history row together), lists the rest with the reason, and pays nothing twice
// when the same statement comes again.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

async function order(material: string) {
  const r = await fetch(`${app.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'p@example.pl', items: [{ material, parcels: ['306401_1.0004.12'] }] }) });
  expect(r.status).toBe(201);
  return r.json() as Promise<any>;
}

async function keyOf(role: 'admin' | 'klient') {
  const login = `p${randomBytes(5).toString('hex')}`;
  const u = await createUser(app.db, login, `${login}@example.pl`, 'Dluga-fraza-testowa-2026', role);
  return (await createApiKey(app.db, u.id, 'mt940')).key;
}

const statement = (lines: string[]) => [
  ':20:ST' + randomBytes(4).toString('hex'), ':25:/PL16102040270000123456789012', ':28C:00001/001', ':60F:C261202PLN000000000000,00', ...lines, ':62F:C261203PLN000000000000,00', '-', '',
].join('\r\n');

const post = (key: string | undefined, body: string) => fetch(`${app.url}/api/payments/mt940`, { method: 'POST', headers: { 'content-type': 'text/plain', ...(key ? { 'X-API-Key': key } : {}) }, body });

describe('POST /api/payments/mt940', () => {
  it('pays the matching order, lists the rest, and is idempotent', async () => {
    const a = await order('wyrys'); // 105 zł
    const b = await order('wypis'); // anonymous: wypis bez danych, 24 zł
    const text = statement([
      `:61:2612031203C105,00N641NONREF//R${a.number.slice(-6)}A`, `:86:020~00PRZELEW~20${a.doo.number} opłata~21~32ANNA NOWAK`,
      `:61:2612031203C20,00N641NONREF//R${b.number.slice(-6)}B`, `:86:020~00PRZELEW~20${b.doo.number.replace(/\//g, ' ')}~32JAN NOWAK`,
      ':61:2612031203C50,00N641NONREF//RX', ':86:020~00PRZELEW~20za mapę~32KTOŚ',
      ':61:2612031203D5,00N073NONREF//RFEE', ':86:073~00PROWIZJA',
    ]);
    const admin = await keyOf('admin');
    const r = await post(admin, text);
    expect(r.status).toBe(200);
    const report = await r.json() as any;
    expect(report).toMatchObject({ statements: 1, paid: 1, unmatched: 2, duplicates: 0 });
    expect(report.entries.map((e: any) => e.result)).toEqual(['paid', 'unmatched', 'unmatched']);
    expect(report.entries[1].reason).toMatch(/kwota 20,00 zł różni się od opłaty 24,00 zł/);
    expect(report.entries[2].reason).toMatch(/brak numeru DOO/);

    const token = (o: any) => ({ headers: { 'X-Order-Token': o.accessToken } });
    const paid = await (await fetch(`${app.url}/api/orders/${a.id}`, token(a))).json() as any;
    // Paid; the release starts at once (services/orders/release.ts) and may already have finished.
    expect(['opłacone', 'zrealizowane']).toContain(paid.state);
    expect(paid.history.find((h: any) => h.to === 'opłacone')).toMatchObject({ from: 'DOO wystawiony', to: 'opłacone' });
    const unpaid = await (await fetch(`${app.url}/api/orders/${b.id}`, token(b))).json() as any;
    expect(unpaid.state).toBe('DOO wystawiony');

    const again = await (await post(admin, text)).json() as any;
    expect(again).toMatchObject({ paid: 0, unmatched: 0, duplicates: 3 });
    const hist = await app.db.query(`SELECT 1 FROM portal.zamowienia_historia WHERE zamowienie_id = $1 AND stan = 'opłacone'`, [a.id]);
    expect(hist).toHaveLength(1);
    const rows = await app.db.query<{ zamowienie_id: string | null }>(`SELECT zamowienie_id FROM portal.wplaty WHERE tytul LIKE $1`, [`${a.doo.number}%`]);
    expect(rows.map((x) => x.zamowienie_id)).toEqual([a.id]);
  });

  it('is for the office only and refuses what is not MT940', async () => {
    expect((await post(undefined, statement([]))).status).toBe(403);
    expect((await post(await keyOf('klient'), statement([]))).status).toBe(403);
    const bad = await post(await keyOf('admin'), 'to nie jest wyciąg');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });
});
