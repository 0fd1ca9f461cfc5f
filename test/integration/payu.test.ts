// Online payment over real HTTP against the local PayU stand-in (test/support/payu-standin.ts, PayU's documented
// REST protocol): the order's DOO is paid through PayU, the notification's signature is checked (MD5 and SHA-256
// of body + second key), a forged or repeated notification changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { startPayuStandin, type PayuStandin } from '../support/payu-standin.ts';
import { payuSignature, verifyPayuNotification } from '../../server/payments/payu.ts';

let app: TestApp;
let payu: PayuStandin;
beforeAll(async () => {
  payu = await startPayuStandin();
  app = await startApp({ PAYU_URL: payu.url, PAYU_POS_ID: payu.posId, PAYU_CLIENT_ID: payu.clientId, PAYU_CLIENT_SECRET: payu.clientSecret, PAYU_SECOND_KEY: payu.secondKey });
});
afterAll(async () => { await app?.close(); await payu?.close(); });

async function order() {
  const r = await fetch(`${app.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'o@example.pl', items: [{ material: 'wyrys', parcels: ['306401_1.0004.12'] }] }) });
  return r.json() as Promise<any>;
}
const state = async (o: any) => ((await (await fetch(`${app.url}/api/orders/${o.id}`, { headers: { 'X-Order-Token': o.accessToken } })).json()) as any).state;

describe('the PayU signature', () => {
  it('is the hex hash of body + second key (MD5 of "abc" = 900150983cd24fb0d6963f7d28e17f72)', () => {
    expect(payuSignature('ab', 'c')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(payuSignature('ab', 'c', 'SHA-256')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(verifyPayuNotification(Buffer.from('ab'), 'sender=checkout;signature=900150983cd24fb0d6963f7d28e17f72;algorithm=MD5;content=DOCUMENT', 'c')).toBe(true);
    expect(verifyPayuNotification(Buffer.from('ab '), 'sender=checkout;signature=900150983cd24fb0d6963f7d28e17f72;algorithm=MD5;content=DOCUMENT', 'c')).toBe(false);
    expect(verifyPayuNotification(Buffer.from('ab'), undefined, 'c')).toBe(false);
  });
});

describe('online payment through PayU', () => {
  it('creates a PayU order for the DOO and marks the order paid on a signed COMPLETED notification', async () => {
    const o = await order();
    const r = await fetch(`${app.url}/api/orders/${o.id}/payu`, { method: 'POST', headers: { 'X-Order-Token': o.accessToken } });
    expect(r.status).toBe(200);
    const { redirectUri, payuOrderId } = await r.json() as any;
    expect(redirectUri).toBe(`${payu.url}/pay/?orderId=${payuOrderId}`);
    const sent = payu.orders.get(payuOrderId)!.body;
    expect(sent).toMatchObject({ totalAmount: '10500', currencyCode: 'PLN', merchantPosId: payu.posId, buyer: { email: 'o@example.pl' } });
    expect(sent.extOrderId.startsWith(o.doo.number)).toBe(true);
    expect(sent.notifyUrl).toBe(`${app.url}/api/payments/payu/notify`);

    expect(await payu.notify(payuOrderId, 'COMPLETED', { key: 'wrong-key' })).toBe(400);
    expect(await payu.notify(payuOrderId, 'PENDING')).toBe(200);
    expect(await state(o)).toBe('DOO wystawiony');
    expect(await payu.notify(payuOrderId, 'COMPLETED', { amount: '100' })).toBe(200);
    expect(await state(o)).toBe('DOO wystawiony');
    expect(await payu.notify(payuOrderId, 'COMPLETED')).toBe(200); // same PayU order: already recorded (unmatched amount) → duplicate
    expect(await state(o)).toBe('DOO wystawiony');

    const o2 = await order();
    const { payuOrderId: id2 } = await (await fetch(`${app.url}/api/orders/${o2.id}/payu`, { method: 'POST', headers: { 'X-Order-Token': o2.accessToken } })).json() as any;
    expect(await payu.notify(id2, 'COMPLETED', { algorithm: 'SHA-256' })).toBe(200);
    // Paid; the release starts at once (services/orders/release.ts) and may already have finished.
    expect(['opłacone', 'zrealizowane']).toContain(await state(o2));
    expect(await payu.notify(id2, 'COMPLETED')).toBe(200);
    const hist = await app.db.query(`SELECT 1 FROM portal.zamowienia_historia WHERE zamowienie_id = $1 AND stan = 'opłacone'`, [o2.id]);
    expect(hist).toHaveLength(1);
    // A paid order has nothing more to pay.
    expect((await fetch(`${app.url}/api/orders/${o2.id}/payu`, { method: 'POST', headers: { 'X-Order-Token': o2.accessToken } })).status).toBe(409);
    // Someone else's order cannot be paid through us.
    expect((await fetch(`${app.url}/api/orders/${o.id}/payu`, { method: 'POST' })).status).toBe(404);
  });
});
