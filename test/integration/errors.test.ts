// Every cause of a refused request × every protocol endpoint, over real HTTP: the answer has the status, content
// type, code and (for XML) the schema of the protocol the request speaks — OWS 1.1 for WFS 2.0, OWS 1.0 for WFS 1.1,
// the WMS 1.3.0 ServiceExceptionReport (XSD) and 1.1.1 (DTD), an RFC 9457 problem for the REST side, a Polish page
// for the pages. One renderer writes them all (server/errors/); this table is what holds it to that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type TestApp } from '../support/app.ts';
import { validateXml } from '../support/xml.ts';
import { createApp } from '../../server/http/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { freePort } from '../support/pg-cluster.ts';
import { sampleUrl } from '../support/db.ts';
import { toServiceError } from '../../server/errors/causes.ts';
import { FilterError } from '../../server/query/filter.ts';
import { XmlInputError } from '../../server/xml/parse.ts';
import { protocolOf } from '../../server/errors/protocol.ts';
import { TEST_ENV } from '../support/test-env.ts';

// A 64×64 map of the sample district in each WMS version's axis order (EPSG:2177 is northing/easting in 1.3.0).
const WMS13 = '/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=egib:dzialki&STYLES=&CRS=EPSG:2177&BBOX=5808800,6427400,5809000,6427600&WIDTH=64&HEIGHT=64&FORMAT=image/png';
const WMS111 = '/wms?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetMap&LAYERS=egib:dzialki&STYLES=&SRS=EPSG:2177&BBOX=6427400,5808800,6427600,5809000&WIDTH=64&HEIGHT=64&FORMAT=image/png';

type Kind = 'ows11' | 'ows10' | 'wms13' | 'wms111' | 'problem' | 'html';

/** One endpoint per protocol, with a request that succeeds when nothing is wrong with it. */
const ENDPOINTS: Record<string, { url: string; kind: Kind; accept?: string }> = {
  'WFS 2.0': { url: '/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&COUNT=1', kind: 'ows11' },
  'WFS 1.1': { url: '/wfs?SERVICE=WFS&VERSION=1.1.0&REQUEST=GetFeature&TYPENAME=egib:dzialki&MAXFEATURES=1', kind: 'ows10' },
  'WMS 1.3.0': { url: WMS13, kind: 'wms13' },
  'WMS 1.1.1': { url: WMS111, kind: 'wms111' },
  'OGC API': { url: '/ogcapi/collections/dzialki/items?limit=1', kind: 'problem' },
  '/api': { url: '/api/search?q=Wielka', kind: 'problem' },
  '/tiles': { url: '/tiles/egib/16/36000/21000.mvt', kind: 'problem' },
  '/3d': { url: '/3d/tileset.json', kind: 'problem' },
  'page': { url: '/konto/logowanie?x=1', kind: 'html', accept: 'text/html,application/xhtml+xml' },
};

const CONTENT_TYPES: Record<Kind, RegExp> = {
  ows11: /^application\/xml/, ows10: /^application\/xml/, wms13: /^text\/xml/, wms111: /^application\/vnd\.ogc\.se_xml/,
  problem: /^application\/problem\+json/, html: /^text\/html/,
};

/** The WMS 1.1.1 exception DTD (OGC 01-068r3 annex A.3), for xmllint --dtdvalid. */
const WMS111_DTD = `<!ELEMENT ServiceExceptionReport (ServiceException*)>
<!ATTLIST ServiceExceptionReport version CDATA #FIXED "1.1.1">
<!ELEMENT ServiceException (#PCDATA)>
<!ATTLIST ServiceException code CDATA #IMPLIED locator CDATA #IMPLIED>`;

function validDtd(xml: string): boolean {
  const dir = mkdtempSync(path.join(tmpdir(), 'wms111-'));
  writeFileSync(path.join(dir, 'exception.dtd'), WMS111_DTD);
  writeFileSync(path.join(dir, 'doc.xml'), xml.replace(/<!DOCTYPE[^>]*>/, ''));
  return spawnSync('xmllint', ['--noout', '--nonet', '--dtdvalid', path.join(dir, 'exception.dtd'), path.join(dir, 'doc.xml')]).status === 0;
}

interface Answer { status: number; type: string; body: string; headers: Headers }

async function request(base: string, url: string, init: RequestInit = {}): Promise<Answer> {
  const r = await fetch(base + url, { redirect: 'manual', ...init });
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text(), headers: r.headers };
}

/** Checks an answer against its protocol's format; returns the code it carries (OWS/WMS code, or the problem status). */
function expectFormat(a: Answer, kind: Kind, label: string): string {
  expect(a.type, label).toMatch(CONTENT_TYPES[kind]);
  expect(a.body, label).not.toMatch(/at [\w.<>]+ \(|node_modules|\.ts:\d+/);
  switch (kind) {
    case 'ows11':
      expect(validateXml(a.body, 'ows/1.1.0/owsExceptionReport.xsd').output, label).toMatch(/validates/);
      return /exceptionCode="([^"]+)"/.exec(a.body)![1]!;
    case 'ows10':
      expect(validateXml(a.body, 'ows/1.0.0/owsExceptionReport.xsd').output, label).toMatch(/validates/);
      return /exceptionCode="([^"]+)"/.exec(a.body)![1]!;
    case 'wms13':
      expect(validateXml(a.body, 'wms/1.3.0/exceptions_1_3_0.xsd').output, label).toMatch(/validates/);
      return /<ServiceException code="([^"]+)"/.exec(a.body)![1]!;
    case 'wms111':
      expect(a.body, label).toContain('<!DOCTYPE ServiceExceptionReport SYSTEM "http://schemas.opengis.net/wms/1.1.1/exception_1_1_1.dtd">');
      expect(validDtd(a.body), label).toBe(true);
      return /<ServiceException code="([^"]+)"/.exec(a.body)![1]!;
    case 'problem': {
      const p = JSON.parse(a.body) as { type: string; title: string; status: number; detail?: string };
      expect(p.type, label).toBe('about:blank');
      expect(p.status, label).toBe(a.status);
      expect(p.title, label).toBeTruthy();
      return String(p.status);
    }
    case 'html':
      expect(a.body, label).toMatch(/<html lang="pl">/);
      expect(a.body, label).toMatch(/<h1>[^<]+<\/h1>/);
      return String(a.status);
  }
}

/** The code each protocol carries for a cause: OWS/WMS exception code, or the HTTP status for problems and pages. */
function expectedCode(kind: Kind, owsCode: string, status: number): string {
  return kind === 'problem' || kind === 'html' ? String(status) : owsCode;
}

function withParam(url: string, param: string): string {
  return url + (url.includes('?') ? '&' : '?') + param;
}

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

describe('every endpoint answers normally when nothing is wrong', () => {
  for (const [name, e] of Object.entries(ENDPOINTS)) {
    it(name, async () => {
      const a = await request(app.url, e.url, { headers: e.accept ? { Accept: e.accept } : {} });
      expect(a.status, a.body.slice(0, 300)).toBeLessThan(400);
    });
  }
});

describe('cause × protocol', () => {
  describe('a wrong API key: 401 with WWW-Authenticate, in every protocol (a WMS client gets a WMS report)', () => {
    for (const [name, e] of Object.entries(ENDPOINTS)) {
      it(name, async () => {
        const a = await request(app.url, withParam(e.url, 'apikey=sip_wrong'), { headers: e.accept ? { Accept: e.accept } : {} });
        expect(a.status).toBe(401);
        expect(a.headers.get('www-authenticate')).toMatch(/Bearer/);
        expect(expectFormat(a, e.kind, name)).toBe(expectedCode(e.kind, 'InvalidParameterValue', 401));
      });
    }
  });

  describe('a NUL byte: 400', () => {
    for (const [name, e] of Object.entries(ENDPOINTS)) {
      it(name, async () => {
        const a = await request(app.url, withParam(e.url, 'x=%00'), { headers: e.accept ? { Accept: e.accept } : {} });
        expect(a.status).toBe(400);
        expect(expectFormat(a, e.kind, name)).toBe(expectedCode(e.kind, 'InvalidParameterValue', 400));
      });
    }
  });

  describe('a broken filter: 400 InvalidParameterValue at "filter"', () => {
    const cases: [string, string, Kind][] = [
      ['WFS 2.0', '/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&FILTER=%3CFilter%3E%3CAnd%3E', 'ows11'],
      ['WFS 1.1', '/ows?SERVICE=WFS&VERSION=1.1.0&REQUEST=GetFeature&TYPENAME=egib:dzialki&FILTER=%3CFilter%3E%3CAnd%3E', 'ows10'],
      ['WFS 2.0 FILTER with a DTD', `/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&FILTER=${encodeURIComponent('<!DOCTYPE x [<!ENTITY a "b">]><Filter/>')}`, 'ows11'],
      ['OGC API', `/ogcapi/collections/dzialki/items?filter=${encodeURIComponent('numerDzialki = ')}`, 'problem'],
    ];
    for (const [name, url, kind] of cases) {
      it(name, async () => {
        const a = await request(app.url, url);
        expect(a.status).toBe(400);
        expect(expectFormat(a, kind, name)).toBe(expectedCode(kind, 'InvalidParameterValue', 400));
        if (kind === 'problem') expect(JSON.parse(a.body).parameter).toBe('filter');
        else expect(/locator="([^"]+)"/.exec(a.body)![1]).toBe('filter');
      });
    }
  });

  describe('XML that cannot be accepted: 400 OperationParsingFailed', () => {
    const bodies: [string, string][] = [
      ['not well-formed', '<GetFeature xmlns="http://www.opengis.net/wfs/2.0" service="WFS" version="2.0.0"><Query'],
      ['with a DTD', '<!DOCTYPE x [<!ENTITY a "b">]><GetFeature xmlns="http://www.opengis.net/wfs/2.0" service="WFS" version="2.0.0"/>'],
    ];
    for (const [name, body] of bodies) {
      it(name, async () => {
        const a = await request(app.url, '/ows', { method: 'POST', body, headers: { 'Content-Type': 'application/xml' } });
        expect(a.status).toBe(400);
        expect(expectFormat(a, 'ows11', name)).toBe('OperationParsingFailed');
      });
    }
  });

  describe('a body over the limit: 413', () => {
    it('WFS POST (1 MB limit)', async () => {
      const body = `<GetFeature xmlns="http://www.opengis.net/wfs/2.0" service="WFS" version="2.0.0"><!--${'x'.repeat(1_100_000)}--></GetFeature>`;
      const a = await request(app.url, '/ows', { method: 'POST', body, headers: { 'Content-Type': 'application/xml' } });
      expect(a.status).toBe(413);
      expect(expectFormat(a, 'ows11', 'WFS POST')).toBe('OperationParsingFailed');
    });
    it('/api JSON body', async () => {
      const a = await request(app.url, '/api/extracts', { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(2_200_000) }), headers: { 'Content-Type': 'application/json' } });
      expect(a.status).toBe(413);
      expect(expectFormat(a, 'problem', '/api')).toBe('413');
    });
  });

  describe('nothing at that address: 404', () => {
    const cases: [string, string, Kind, string?][] = [
      ['OGC API collection', '/ogcapi/collections/nope', 'problem'],
      ['/api', '/api/nope', 'problem'],
      ['/tiles set', '/tiles/nope/1/0/0.mvt', 'problem'],
      ['/3d', '/3d/nope', 'problem'],
      ['unknown path, a program', '/nope', 'problem', 'application/json'],
      ['unknown path, a browser', '/nope', 'html', 'text/html,application/xhtml+xml'],
    ];
    for (const [name, url, kind, accept] of cases) {
      it(name, async () => {
        const a = await request(app.url, url, { headers: accept ? { Accept: accept } : {} });
        expect(a.status).toBe(404);
        expectFormat(a, kind, name);
      });
    }
  });
});

/** A second application on the same catalogue, with other settings or another database. */
async function otherApp(env: Record<string, string>, db: PostgresDatabase): Promise<{ url: string; close(): Promise<void> }> {
  const config = loadConfig({ DATABASE_URL: sampleUrl(), ...TEST_ENV, ...env });
  const express = createApp({ db, catalog: app.catalog, config, log: createLogger('silent') });
  const server: Server = await new Promise((resolve) => { const s = express.listen(0, '127.0.0.1', () => resolve(s)); });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() { server.closeAllConnections(); await new Promise((r) => server.close(r)); await db.close(); },
  };
}

describe('over the rate limit: 429 with Retry-After, in every protocol', () => {
  let limited: Awaited<ReturnType<typeof otherApp>>;
  beforeAll(async () => {
    limited = await otherApp({ RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_ALLOWLIST: '' }, new PostgresDatabase({ connectionString: sampleUrl(), poolSize: 2, statementTimeoutMs: 60_000 }));
    await request(limited.url, '/health');
    await request(limited.url, '/ogcapi');
  });
  afterAll(async () => { await limited?.close(); });
  for (const [name, e] of Object.entries(ENDPOINTS)) {
    it(name, async () => {
      const a = await request(limited.url, e.url, { headers: e.accept ? { Accept: e.accept } : {} });
      expect(a.status).toBe(429);
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(expectFormat(a, e.kind, name)).toBe(expectedCode(e.kind, 'NoApplicableCode', 429));
    });
  }
});

describe('the database unreachable: 503 with Retry-After, in every protocol', () => {
  let down: Awaited<ReturnType<typeof otherApp>>;
  beforeAll(async () => {
    // Nothing listens on this port: every query is refused, as when PostgreSQL is stopped.
    const port = await freePort();
    down = await otherApp({}, new PostgresDatabase({ connectionString: `postgres://postgres@127.0.0.1:${port}/sip`, poolSize: 2, statementTimeoutMs: 10_000 }));
  });
  afterAll(async () => { await down?.close(); });
  for (const [name, e] of Object.entries(ENDPOINTS)) {
    it(name, async () => {
      const a = await request(down.url, e.url, { headers: e.accept ? { Accept: e.accept } : {} });
      expect(a.status, a.body.slice(0, 200)).toBe(503);
      expect(a.headers.get('retry-after')).toBe('5');
      expect(expectFormat(a, e.kind, name)).toBe(expectedCode(e.kind, 'NoApplicableCode', 503));
    });
  }
});

describe('causes are mapped once (server/errors/causes.ts)', () => {
  it('maps each known cause to its status and code', () => {
    const cases: [unknown, number, string, string | undefined][] = [
      [new FilterError('bad', 'FILTER'), 400, 'InvalidParameterValue', 'filter'],
      [new FilterError('bad sort', 'SORTBY'), 400, 'InvalidParameterValue', 'SORTBY'],
      [new XmlInputError('broken'), 400, 'OperationParsingFailed', 'request'],
      [new XmlInputError('broken', 'filter'), 400, 'InvalidParameterValue', 'filter'],
      [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 503, 'NoApplicableCode', undefined],
      [Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), 503, 'NoApplicableCode', undefined],
      [Object.assign(new Error('invalid input syntax for type integer'), { code: '22P02' }), 400, 'InvalidParameterValue', undefined],
      [Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large', limit: 100 }), 413, 'OperationParsingFailed', 'request'],
      [Object.assign(new Error('Unexpected token'), { status: 400, type: 'entity.parse.failed' }), 400, 'OperationParsingFailed', 'request'],
      [new TypeError('x is undefined'), 500, 'NoApplicableCode', undefined],
    ];
    for (const [err, status, code, locator] of cases) {
      const e = toServiceError(err);
      expect([e.status, e.code, e.locator], (err as Error).message).toEqual([status, code, locator]);
    }
    expect(toServiceError(new TypeError('x is undefined')).message).not.toContain('undefined');
  });

  it('decides the protocol of a request in one place', () => {
    expect(protocolOf({ path: '/wms', url: '/wms?REQUEST=GetMap&VERSION=1.1.1' })).toEqual({ kind: 'wms', version: '1.1.1' });
    expect(protocolOf({ path: '/ows', url: '/ows?request=GetMap' })).toEqual({ kind: 'wms', version: '1.3.0' });
    expect(protocolOf({ path: '/ows', url: '/ows?SERVICE=WMS&REQUEST=GetCapabilities' })).toEqual({ kind: 'wms', version: '1.3.0' });
    expect(protocolOf({ path: '/ows', url: '/ows?SERVICE=WFS&VERSION=1.1.0' })).toEqual({ kind: 'ows', version: '1.1.0' });
    expect(protocolOf({ path: '/wfs', url: '/wfs' })).toEqual({ kind: 'ows', version: '2.0.0' });
    expect(protocolOf({ path: '/ogcapi/collections', url: '/ogcapi/collections' })).toEqual({ kind: 'problem' });
    expect(protocolOf({ path: '/konto/logowanie', url: '/konto/logowanie', accept: 'text/html' })).toEqual({ kind: 'html' });
    expect(protocolOf({ path: '/konto/klucze', url: '/konto/klucze', accept: 'application/json' })).toEqual({ kind: 'problem' });
  });
});
