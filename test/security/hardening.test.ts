// Hardening over real HTTP: security headers and CSP, CORS open for the OGC services and closed for the portal,
// rate limits with Retry-After per address and per API key, body size limits, XML without DTDs (XXE, billion
// laughs), filter depth and size limits, no path traversal in file routes, no internals in errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type TestApp } from '../support/app.ts';
import { usersWithKeys } from './browser-session.ts';
import { clientRouter } from '../../server/http/client.ts';
import { notFound, errorHandler } from '../../server/http/errors.ts';
import { createLogger } from '../../server/log.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

const STACK = /at [\w.<>]+ \(|node_modules|\.ts:\d+|ECONN|SELECT |pg_/;

describe('security headers', () => {
  it('sends a CSP that fits the MapLibre client, and the usual protections', async () => {
    for (const p of ['/', '/konto/logowanie', '/ows?SERVICE=WFS&REQUEST=GetCapabilities', '/ogcapi']) {
      const r = await fetch(app.url + p);
      const csp = r.headers.get('content-security-policy') ?? '';
      for (const d of ["default-src 'self'", "script-src 'self'", "worker-src 'self' blob:", "child-src 'self' blob:", "img-src 'self' data: blob:", "style-src 'self' 'unsafe-inline'", "object-src 'none'", "frame-ancestors 'self'"]) {
        expect(csp, p).toContain(d);
      }
      // No JavaScript eval ('wasm-unsafe-eval', WebAssembly compilation for the 3D view's decoder, is allowed).
      expect(csp).not.toMatch(/(^|\s)'unsafe-eval'/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
      expect(r.headers.get('x-powered-by')).toBeNull();
      await r.arrayBuffer();
    }
  });
});

describe('CORS', () => {
  it('is open (without credentials) for the OGC services and their preflight', async () => {
    for (const p of ['/ows?SERVICE=WMS&REQUEST=GetCapabilities', '/wfs?SERVICE=WFS&REQUEST=GetCapabilities', '/ogcapi/collections', '/tiles/egib.json']) {
      const r = await fetch(app.url + p, { headers: { Origin: 'https://mapa.example.org' } });
      expect(r.headers.get('access-control-allow-origin'), p).toBe('*');
      expect(r.headers.get('access-control-allow-credentials')).toBeNull();
      expect(r.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      await r.arrayBuffer();
    }
    const pre = await fetch(`${app.url}/ogcapi/collections/dzialki/items`, { method: 'OPTIONS', headers: { Origin: 'https://mapa.example.org', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-api-key' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/X-API-Key/);
  });

  it('is closed for the portal API, the account and admin pages', async () => {
    for (const p of ['/api/session', '/konto/logowanie', '/admin/uzytkownicy', '/api/search?q=ab']) {
      const r = await fetch(app.url + p, { headers: { Origin: 'https://evil.example' }, redirect: 'manual' });
      expect(r.headers.get('access-control-allow-origin'), p).toBeNull();
      expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      await r.arrayBuffer();
      const pre = await fetch(app.url + p, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
      expect(pre.status).toBe(403);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('rate limits', () => {
  let limited: TestApp;
  beforeAll(async () => { limited = await startApp({ RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_KEY_PER_MINUTE: '10', RATE_LIMIT_ALLOWLIST: '' }); });
  afterAll(async () => { await limited?.close(); });

  it('answers 429 with Retry-After past the per-address limit, in each protocol\'s terms', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) { const r = await fetch(`${limited.url}/ogcapi/collections`); statuses.push(r.status); await r.arrayBuffer(); }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const over = await fetch(`${limited.url}/ogcapi/collections`);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('content-type')).toMatch(/problem\+json/);
    const ows = await fetch(`${limited.url}/ows?SERVICE=WFS&REQUEST=GetCapabilities`);
    expect(ows.status).toBe(429);
    expect(await ows.text()).toContain('ExceptionReport');
    const wms = await fetch(`${limited.url}/ows?SERVICE=WMS&REQUEST=GetCapabilities`);
    expect(wms.status).toBe(429);
    expect(await wms.text()).toContain('ServiceExceptionReport');
  });

  it('counts an API key on its own (higher) limit', async () => {
    const users = await usersWithKeys(limited.db, ['klient']);
    const key = users.get('klient')!.key;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) { const r = await fetch(`${limited.url}/ogcapi/collections`, { headers: { 'X-API-Key': key } }); statuses.push(r.status); await r.arrayBuffer(); }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('counts wrong keys against the address (no free guessing)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) { const r = await fetch(`${limited.url}/api/session`, { headers: { 'X-API-Key': `sip_${'x'.repeat(43)}` } }); statuses.push(r.status); await r.arrayBuffer(); }
    expect(statuses).toEqual([429, 429, 429]); // the address used its 6 above already
  });
});

describe('request size and filter limits', () => {
  it('refuses an XML body over 1 MB with 413 in OWS terms', async () => {
    const body = `<wfs:GetFeature xmlns:wfs="http://www.opengis.net/wfs/2.0" service="WFS" version="2.0.0"><!--${'x'.repeat(1_100_000)}--></wfs:GetFeature>`;
    const r = await fetch(`${app.url}/ows`, { method: 'POST', body, headers: { 'content-type': 'application/xml' } });
    expect(r.status).toBe(413);
    expect(await r.text()).toContain('ExceptionReport');
  });

  it('refuses a form body over 16 kB', async () => {
    const r = await fetch(`${app.url}/konto/logowanie`, { method: 'POST', body: new URLSearchParams({ login: 'x'.repeat(20_000), haslo: 'y' }) });
    expect(r.status).toBe(413);
    expect(await r.text()).not.toMatch(STACK);
  });

  it('refuses filters nested too deeply or too large, in FES and CQL2', async () => {
    const deepFes = `<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0">${'<fes:Not>'.repeat(40)}<fes:PropertyIsEqualTo><fes:ValueReference>numerDzialki</fes:ValueReference><fes:Literal>1</fes:Literal></fes:PropertyIsEqualTo>${'</fes:Not>'.repeat(40)}</fes:Filter>`;
    const r1 = await fetch(`${app.url}/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&FILTER=${encodeURIComponent(deepFes)}`);
    expect(r1.status).toBe(400);
    expect(await r1.text()).toMatch(/nested too deeply/);
    const manyOr = Array.from({ length: 520 }, (_, i) => `srednica=${i}`).join(' OR ');
    const r2 = await fetch(`${app.url}/ogcapi/collections/przewody/items?filter=${encodeURIComponent(manyOr).replace(/%20/g, '+')}`);
    expect(r2.status).toBe(400);
    expect(await r2.text()).toMatch(/too large/);
    const deepCql = `${'('.repeat(60)}numerDzialki = '1'${')'.repeat(60)}`;
    const r3 = await fetch(`${app.url}/ogcapi/collections/dzialki/items?filter=${encodeURIComponent(deepCql)}`);
    expect(r3.status).toBe(400);
  });
});

describe('XML attacks', () => {
  const post = (body: string) => fetch(`${app.url}/ows`, { method: 'POST', body, headers: { 'content-type': 'application/xml' } });

  it('refuses deeply nested XML under the size limit (100,000 elements, 700 kB) with an OWS error, before building a DOM', async () => {
    const r = await post(`<wfs:GetFeature xmlns:wfs="http://www.opengis.net/wfs/2.0" service="WFS" version="2.0.0">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</wfs:GetFeature>`);
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(text).toMatch(/ExceptionReport/);
    expect(text).toMatch(/OperationParsingFailed/);
    expect(text).toMatch(/nested deeper than 64 levels/);
  });

  it('does not resolve external entities (XXE)', async () => {
    const body = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <wfs:GetFeature xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:fes="http://www.opengis.net/fes/2.0" service="WFS" version="2.0.0">
      <wfs:Query typeNames="egib:dzialki"><fes:Filter><fes:PropertyIsEqualTo><fes:ValueReference>numerDzialki</fes:ValueReference><fes:Literal>&xxe;</fes:Literal></fes:PropertyIsEqualTo></fes:Filter></wfs:Query></wfs:GetFeature>`;
    const r = await post(body);
    const text = await r.text();
    expect(r.status).toBe(400);
    expect(text).toContain('OperationParsingFailed');
    expect(text).not.toContain('root:');
  });

  it('refuses the billion laughs at once', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><wfs:GetCapabilities xmlns:wfs="http://www.opengis.net/wfs/2.0" service="WFS">&lol9;</wfs:GetCapabilities>`;
    const r = await post(lol);
    expect(r.status).toBe(400);
    expect((await r.text()).length).toBeLessThan(5_000);
  });

  it('refuses a DTD smuggled in a FILTER parameter too', async () => {
    const f = `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:PropertyIsEqualTo><fes:ValueReference>numerDzialki</fes:ValueReference><fes:Literal>&e;</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>`;
    const r = await fetch(`${app.url}/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&FILTER=${encodeURIComponent(f)}`);
    expect(r.status).toBe(400);
    expect(await r.text()).not.toContain('root:');
  });
});

describe('file routes', () => {
  let dir: string;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sip-client-'));
    mkdirSync(path.join(dir, 'dist', 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(path.join(dir, 'dist', 'portal.html'), '<!doctype html><title>p</title>');
    writeFileSync(path.join(dir, 'dist', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'SECRET.txt'), 'TAJNE-HASLO');
    const a = express();
    a.use(clientRouter(path.join(dir, 'dist')));
    a.use(notFound);
    a.use(errorHandler(createLogger('silent')));
    server = await new Promise((r) => { const s = a.listen(0, '127.0.0.1', () => r(s)); });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { server?.close(); rmSync(dir, { recursive: true, force: true }); });

  it('serves the assets and nothing outside them, however the path is encoded', async () => {
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(200);
    const attempts = ['/assets/../../SECRET.txt', '/assets/..%2f..%2fSECRET.txt', '/assets/%2e%2e/%2e%2e/SECRET.txt', '/assets/..%5c..%5cSECRET.txt',
      '/assets/%252e%252e/%252e%252e/SECRET.txt', '/assets/....//....//SECRET.txt', '/portal/..%2f..%2fSECRET.txt', '/assets/%00../SECRET.txt', '/assets/..%c0%af..%c0%afSECRET.txt'];
    for (const p of attempts) {
      // fetch normalises dot segments itself: send the raw path through a plain HTTP request.
      const text = await rawGet(base, p);
      expect(text, p).not.toContain('TAJNE-HASLO');
      expect(text, p).not.toMatch(STACK);
    }
  });

  it('the real app has no traversal either', async () => {
    for (const p of ['/assets/../../package.json', '/tiles/..%2f..%2fpackage.json', '/ogcapi/collections/..%2f..%2fpackage.json', '/3d/..%2f..%2f..%2fpackage.json', '/api/downloads/..%2f..%2fpackage.json']) {
      const text = await rawGet(app.url, p);
      expect(text, p).not.toContain('"devDependencies"');
      expect(text, p).not.toMatch(STACK);
    }
  });
});

/** A GET with the path sent exactly as written (no client-side normalisation). */
async function rawGet(base: string, rawPath: string): Promise<string> {
  const { request } = await import('node:http');
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve(`${res.statusCode}\n${body}`));
    });
    req.on('error', reject);
    req.end();
  });
}
