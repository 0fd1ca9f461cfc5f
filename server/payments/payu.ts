// Online payment following PayU's documented REST API (PayU "REST API" for Poland, v2.1): the server gets an OAuth
// token (client_credentials), creates a PayU order for the DOO's amount (POST /api/v2_1/orders — PayU answers with
// the redirectUri the payer is sent to), and PayU notifies the notifyUrl when the payment's status changes. Each
// notification carries the header OpenPayu-Signature: sender=…;signature=…;algorithm=MD5|SHA-256|…;content=DOCUMENT,
// where signature = hash(body + second key); a notification whose signature does not verify is refused.
// PayU's sandbox cannot be reached from here: the tests use a local stand-in speaking this protocol
// (test/support/payu-standin.ts) — the only stand-in the project allows.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface PayuConfig { url: string; posId: string; clientId: string; clientSecret: string; secondKey: string }

export interface PayuOrderRequest {
  extOrderId: string; description: string; totalAmountGr: number; buyerEmail: string | null; customerIp: string;
  notifyUrl: string; continueUrl: string; products: { name: string; unitPriceGr: number; quantity: number }[];
}

export interface PayuOrderCreated { orderId: string; redirectUri: string }

/** The OAuth access token (client_credentials grant). */
export async function payuToken(c: PayuConfig): Promise<string> {
  const r = await fetch(`${c.url}/pl/standard/user/oauth/authorize`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret }),
  });
  if (!r.ok) throw new Error(`PayU OAuth answered ${r.status}`);
  const body = await r.json() as { access_token?: string };
  if (!body.access_token) throw new Error('PayU OAuth gave no access_token');
  return body.access_token;
}

/** Creates the PayU order; PayU answers 302 (or 200/201) with the JSON naming redirectUri. */
export async function createPayuOrder(c: PayuConfig, o: PayuOrderRequest): Promise<PayuOrderCreated> {
  const token = await payuToken(c);
  const r = await fetch(`${c.url}/api/v2_1/orders`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      notifyUrl: o.notifyUrl, continueUrl: o.continueUrl, customerIp: o.customerIp, merchantPosId: c.posId,
      description: o.description, currencyCode: 'PLN', totalAmount: String(o.totalAmountGr), extOrderId: o.extOrderId,
      ...(o.buyerEmail ? { buyer: { email: o.buyerEmail, language: 'pl' } } : {}),
      products: o.products.map((p) => ({ name: p.name, unitPrice: String(p.unitPriceGr), quantity: String(p.quantity) })),
    }),
  });
  const body = await r.json().catch(() => ({})) as { status?: { statusCode?: string }; redirectUri?: string; orderId?: string };
  if (![200, 201, 302].includes(r.status) || body.status?.statusCode !== 'SUCCESS' || !body.redirectUri || !body.orderId) {
    throw new Error(`PayU did not create the order (${r.status} ${body.status?.statusCode ?? ''})`);
  }
  return { orderId: body.orderId, redirectUri: body.redirectUri };
}

const ALGORITHMS: Record<string, string> = { 'MD5': 'md5', 'SHA': 'sha1', 'SHA1': 'sha1', 'SHA-1': 'sha1', 'SHA256': 'sha256', 'SHA-256': 'sha256', 'SHA384': 'sha384', 'SHA-384': 'sha384', 'SHA512': 'sha512', 'SHA-512': 'sha512' };

/** Parses the OpenPayu-Signature header ("sender=checkout;signature=…;algorithm=MD5;content=DOCUMENT"). */
export function parseSignatureHeader(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim().toLowerCase()] = part.slice(i + 1).trim();
  }
  return out;
}

/** The signature of a notification body: hex hash of body + second key (PayU's documented algorithm). */
export function payuSignature(body: string | Buffer, secondKey: string, algorithm = 'MD5'): string {
  const alg = ALGORITHMS[algorithm.toUpperCase()];
  if (!alg) throw new Error(`unknown signature algorithm ${algorithm}`);
  return createHash(alg).update(Buffer.concat([Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), Buffer.from(secondKey, 'utf8')])).digest('hex');
}

/** Whether a notification's header signs its exact body with the second key. */
export function verifyPayuNotification(body: Buffer, header: string | undefined, secondKey: string): boolean {
  if (!header) return false;
  const h = parseSignatureHeader(header);
  const alg = (h.algorithm ?? 'MD5').toUpperCase();
  if (!ALGORITHMS[alg] || !h.signature || !/^[0-9a-f]+$/i.test(h.signature)) return false;
  const expected = Buffer.from(payuSignature(body, secondKey, alg), 'hex');
  const given = Buffer.from(h.signature, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
