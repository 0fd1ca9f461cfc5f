// A local stand-in for PayU's REST API (the only protocol stand-in the house rules allow: PayU's sandbox cannot be
// reached from here). It speaks the documented protocol: OAuth client_credentials at
// /pl/standard/user/oauth/authorize, POST /api/v2_1/orders with the Bearer token (answered 302 with the JSON naming
// redirectUri), and notifications POSTed to the order's notifyUrl with OpenPayu-Signature: sender=checkout;
// signature=hash(body + second key);algorithm=…;content=DOCUMENT. Used by tests only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';

export interface StandinOrder { orderId: string; body: Record<string, any> }

export interface PayuStandin {
  url: string; posId: string; clientId: string; clientSecret: string; secondKey: string;
  orders: Map<string, StandinOrder>;
  /** Sends PayU's notification of an order's status to its notifyUrl; returns the status of the answer. */
  notify(orderId: string, status: string, options?: { algorithm?: 'MD5' | 'SHA-256'; key?: string; amount?: string }): Promise<number>;
  close(): Promise<void>;
}

export async function startPayuStandin(): Promise<PayuStandin> {
  const posId = '300746', clientId = '300746', clientSecret = randomBytes(16).toString('hex'), secondKey = randomBytes(16).toString('hex');
  const tokens = new Set<string>();
  const orders = new Map<string, StandinOrder>();
  const read = (req: import('node:http').IncomingMessage) => new Promise<string>((resolve) => { let b = ''; req.on('data', (c) => { b += c; }); req.on('end', () => resolve(b)); });
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => { res.writeHead(status, { 'content-type': 'application/json', ...headers }); res.end(JSON.stringify(value)); };
    if (req.method === 'POST' && req.url === '/pl/standard/user/oauth/authorize') {
      const f = new URLSearchParams(body);
      if (f.get('grant_type') !== 'client_credentials' || f.get('client_id') !== clientId || f.get('client_secret') !== clientSecret) return json(401, { error: 'invalid_client' });
      const t = randomBytes(16).toString('hex');
      tokens.add(t);
      return json(200, { access_token: t, token_type: 'bearer', expires_in: 43199, grant_type: 'client_credentials' });
    }
    if (req.method === 'POST' && req.url === '/api/v2_1/orders') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !tokens.has(token)) return json(401, { status: { statusCode: 'UNAUTHORIZED' } });
      let o: Record<string, any>;
      try { o = JSON.parse(body); } catch { return json(400, { status: { statusCode: 'ERROR_SYNTAX' } }); }
      const required = ['notifyUrl', 'customerIp', 'merchantPosId', 'description', 'currencyCode', 'totalAmount', 'products'];
      if (required.some((k) => o[k] === undefined) || o.merchantPosId !== posId || !/^\d+$/.test(o.totalAmount) || !Array.isArray(o.products) || o.products.length === 0) {
        return json(400, { status: { statusCode: 'ERROR_VALUE_INVALID' } });
      }
      const sum = o.products.reduce((s: number, p: any) => s + Number(p.unitPrice) * Number(p.quantity), 0);
      if (sum !== Number(o.totalAmount)) return json(400, { status: { statusCode: 'ERROR_VALUE_INVALID', statusDesc: 'products do not add up to totalAmount' } });
      if (o.extOrderId && [...orders.values()].some((x) => x.body.extOrderId === o.extOrderId)) return json(400, { status: { statusCode: 'ERROR_ORDER_NOT_UNIQUE' } });
      const orderId = randomBytes(10).toString('hex').toUpperCase();
      orders.set(orderId, { orderId, body: o });
      const redirectUri = `${standin.url}/pay/?orderId=${orderId}`;
      return json(302, { status: { statusCode: 'SUCCESS' }, redirectUri, orderId, extOrderId: o.extOrderId }, { location: redirectUri });
    }
    json(404, { status: { statusCode: 'NOT_FOUND' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const standin: PayuStandin = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posId, clientId, clientSecret, secondKey, orders,
    async notify(orderId, status, options = {}) {
      const o = orders.get(orderId)!;
      const body = JSON.stringify({
        order: { orderId, extOrderId: o.body.extOrderId, orderCreateDate: new Date().toISOString(), notifyUrl: o.body.notifyUrl, customerIp: o.body.customerIp,
          merchantPosId: posId, description: o.body.description, currencyCode: o.body.currencyCode, totalAmount: options.amount ?? o.body.totalAmount,
          buyer: o.body.buyer, products: o.body.products, status },
        localReceiptDateTime: new Date().toISOString(), properties: [{ name: 'PAYMENT_ID', value: String(Date.now()) }],
      });
      const algorithm = options.algorithm ?? 'MD5';
      const signature = createHash(algorithm === 'MD5' ? 'md5' : 'sha256').update(body + (options.key ?? secondKey)).digest('hex');
      const r = await fetch(o.body.notifyUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'OpenPayu-Signature': `sender=checkout;signature=${signature};algorithm=${algorithm};content=DOCUMENT` }, body });
      await r.arrayBuffer();
      return r.status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return standin;
}
