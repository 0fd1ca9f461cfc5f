// Hostile input, generated: thousands of WMS/WFS KVP requests, WFS XML documents with FES filters, OGC API
// parameters with CQL2 text and JSON filters, search queries and tile addresses (fast-check, a fixed seed per run
// printed on failure). Every answer must be a client error or a success — never a 5xx, a hang, a stack trace or a
// database message — and, the caller being anonymous, must never contain an owner's name or PESEL from the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let names: RegExp;
let pesels: Set<string>;
const LAYERS: string[] = [];

beforeAll(async () => {
  app = await startApp();
  const people = await app.db.query<{ name: string; pesel: string | null }>(
    `SELECT imie || ' ' || nazwisko AS name, pesel FROM egib.wlasciciele WHERE "rodzajPodmiotu" = 'osoba fizyczna'`);
  if (people.length < 10) throw new Error('the sample data have too few owners to check for leaks');
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  names = new RegExp([...new Set(people.map((p) => escape(p.name)))].join('|'));
  pesels = new Set(people.map((p) => p.pesel).filter((p): p is string => !!p));
  for (const l of app.catalog.visibleLayers('anonim')) LAYERS.push(l.typeName);
});
afterAll(async () => { await app?.close(); });

const INTERNALS = /at [\w.<>$]+ \(|node_modules|\/server\/|\.ts:\d+|syntax error at or near|invalid input syntax|violates|relation "|column "[^"]*" does not exist|ECONN|stack/i;

let checked = 0;
const failures: string[] = [];

/** Sends one request and checks the invariants; returns a description of what is wrong, or undefined. */
async function probe(path: string, init: RequestInit = {}): Promise<void> {
  let res: Response;
  try {
    res = await fetch(app.url + path, { ...init, signal: AbortSignal.timeout(60_000) });
  } catch (err) {
    throw new Error(`no answer (${(err as Error).message}) to ${init.method ?? 'GET'} ${path.slice(0, 500)}`);
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  checked++;
  const where = `${init.method ?? 'GET'} ${path.slice(0, 400)}${init.body ? ` body ${String(init.body).slice(0, 400)}` : ''}`;
  if (res.status >= 500) throw new Error(`${res.status} for ${where}: ${bytes.toString('utf8', 0, 300)}`);
  const type = res.headers.get('content-type') ?? '';
  if (/^image\//.test(type) || /protobuf|mvt/.test(type)) return;
  const text = bytes.toString('utf8');
  if (INTERNALS.test(text) && !isEcho(text, path, init)) throw new Error(`internals in the answer to ${where}: ${text.match(INTERNALS)?.[0]} … ${text.slice(0, 300)}`);
  const leak = names.exec(text);
  if (leak) throw new Error(`owner ${leak[0]} leaked to an anonymous caller by ${where}`);
  for (const m of text.matchAll(/(?<!\d)\d{11}(?!\d)/g)) if (pesels.has(m[0])) throw new Error(`PESEL leaked by ${where}`);
}

/** The pattern matched only text the client itself sent (an error message quoting the input). */
function isEcho(text: string, path: string, init: RequestInit): boolean {
  const m = INTERNALS.exec(text)![0];
  let sent = String(init.body ?? '');
  try { sent += decodeURIComponent(path.replace(/\+/g, ' ')); } catch { sent += path; }
  return sent.toLowerCase().includes(m.toLowerCase());
}

// ---- generators ----
const INJECTIONS = [
  "'", "''", "' OR '1'='1", "1' OR 1=1--", "1; DROP TABLE egib.dzialki;--", "\") OR (\"1\"=\"1", "1 UNION SELECT pesel FROM egib.wlasciciele--",
  "'||(SELECT pesel FROM egib.wlasciciele LIMIT 1)||'", "1) OR pg_sleep(5)--", "$1", "$$", "\\", "%", "_", "\u0000", "%00", "\ud800",
  '<script>alert(1)</script>', '../../../../etc/passwd', '${jndi:ldap://x}', '{{7*7}}', 'NaN', 'Infinity', '-1', '1e309', '99999999999999999999',
  'wlasciciele', 'pesel', 'egib.wlasciciele', 't."pesel"', '"pesel"',
];
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);
const number = fc.oneof(fc.integer({ min: -10, max: 300 }).map(String), fc.constantFrom('0', '-1', '1e9', '99999999999', 'abc', '', ' 5', '0x10', '1.5'), text);
const layerName = () => fc.oneof(fc.constantFrom(...LAYERS), fc.constantFrom('egib:wlasciciele', 'egib:dzialki,egib:budynki', 'dzialki', 'EGIB:DZIALKI', 'egib:', ':'), text);
const bbox = fc.oneof(
  fc.tuple(fc.double({ min: 5.79e6, max: 5.82e6, noNaN: true }), fc.double({ min: 6.41e6, max: 6.43e6, noNaN: true }), fc.double({ min: 1, max: 3000, noNaN: true }))
    .map(([n, e, d]) => `${n},${e},${n + d},${e + d}`),
  fc.array(fc.oneof(fc.double(), fc.integer().map(Number)), { minLength: 0, maxLength: 6 }).map((a) => a.join(',')),
  text,
);
const crs = fc.constantFrom('EPSG:2177', 'EPSG:2180', 'EPSG:4326', 'CRS:84', 'EPSG:3857', 'urn:ogc:def:crs:EPSG::2177', 'http://www.opengis.net/def/crs/EPSG/0/4326', 'EPSG:99999', 'EPSG:', '');

const FES_OPS = ['PropertyIsEqualTo', 'PropertyIsNotEqualTo', 'PropertyIsLessThan', 'PropertyIsGreaterThanOrEqualTo', 'PropertyIsLike', 'PropertyIsNull', 'PropertyIsBetween', 'BBOX', 'Intersects', 'DWithin', 'ResourceId'];
const PROPS = ['numerDzialki', 'idDzialki', 'poleEwidencyjne', 'wlasciciele', 'geom', 'pesel', 'nazwisko', '@gml:id', 'poczatekWersjiObiektu', 'srednica'];
const fesTree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom(...FES_OPS), fc.constantFrom(...PROPS), text, fc.boolean()).map(([op, p, v, ok]) => op === 'ResourceId'
      ? `<fes:ResourceId rid="${xmlEscape(v)}"/>`
      : op === 'BBOX' || op === 'Intersects'
        ? `<fes:${op}><fes:ValueReference>${p}</fes:ValueReference><gml:Envelope srsName="${ok ? 'urn:ogc:def:crs:EPSG::2177' : xmlEscape(v)}"><gml:lowerCorner>5804000 6421000</gml:lowerCorner><gml:upperCorner>${ok ? '5805000 6422000' : xmlEscape(v)}</gml:upperCorner></gml:Envelope></fes:${op}>`
        : `<fes:${op}${op === 'PropertyIsLike' ? ' wildCard="*" singleChar="." escapeChar="!"' : ''}><fes:ValueReference>${p}</fes:ValueReference>${op === 'PropertyIsNull' ? '' : `<fes:Literal>${xmlEscape(v)}</fes:Literal>`}${op === 'PropertyIsBetween' ? '' : ''}</fes:${op}>`),
    fc.tuple(fc.constantFrom('And', 'Or', 'Not'), fc.array(tie('node'), { minLength: 0, maxLength: 3 })).map(([op, kids]) => `<fes:${op}>${kids.join('')}</fes:${op}>`),
    text.map((t) => xmlEscape(t)),
  ),
})).node;
const fesFilter = fesTree.map((t) => `<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2">${t}</fes:Filter>`);

function xmlEscape(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' }[c]!)).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g, '');
}

const CQL_PROPS = ['numerDzialki', 'idDzialki', 'poleEwidencyjne', 'wlasciciele', 'geom', 'srednica', 'pesel', '"numerDzialki"'];
const cqlLiteral = fc.oneof(text.map((t) => `'${t.replace(/'/g, "''")}'`), fc.integer().map(String), fc.constantFrom('TRUE', 'NULL', "DATE('2020-01-01')", "TIMESTAMP('x')", 'POINT(6421000 5804000)', 'POLYGON((0 0,1 1,0 0))', 'ENVELOPE(1,2,3,4)'));
const cqlTree: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom(...CQL_PROPS), fc.constantFrom('=', '<>', '<', '>=', 'LIKE', 'IN', 'BETWEEN', 'IS NULL', 'IS NOT NULL'), cqlLiteral, cqlLiteral)
      .map(([p, op, a, b]) => (op === 'IN' ? `${p} IN (${a}, ${b})` : op === 'BETWEEN' ? `${p} BETWEEN ${a} AND ${b}` : op.startsWith('IS') ? `${p} ${op}` : `${p} ${op} ${a}`)),
    fc.tuple(fc.constantFrom('S_INTERSECTS', 'S_WITHIN', 'S_DWITHIN', 'A_CONTAINS', 'CASEI', 'ACCENTI', 'T_AFTER'), fc.constantFrom(...CQL_PROPS), cqlLiteral).map(([f, p, l]) => `${f}(${p}, ${l})`),
    fc.tuple(tie('e'), fc.constantFrom('AND', 'OR'), tie('e')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    tie('e').map((e) => `NOT (${e})`),
    text,
  ),
})).e;
const cqlJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.tuple(fc.constantFrom('=', 'like', 'and', 'or', 'not', 's_intersects', 'in', 'between', 'isNull', 'casei'), fc.constantFrom(...CQL_PROPS), fc.jsonValue({ maxDepth: 2 }))
    .map(([op, p, v]) => JSON.stringify({ op, args: [{ property: p }, v] })),
);

/** Percent-encodes any string, lone surrogates included (as U+FFFD, what a browser would send). */
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
const kvp = (params: Record<string, string | undefined>) =>
  Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => `${enc(k)}=${enc(v!)}`).join('&');

const RUN = { seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true } as const;
const runs = (n: number) => Math.max(10, Math.round(n * Number(process.env.FUZZ_SCALE ?? 1)));

describe('fuzz', () => {
  it('WFS KVP', { timeout: 600_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.record({
      SERVICE: fc.option(fc.constantFrom('WFS', 'wfs', 'WMS', 'WCS'), { nil: undefined }),
      VERSION: fc.option(fc.constantFrom('2.0.0', '1.1.0', '1.0.0', '3.0', ''), { nil: undefined }),
      REQUEST: fc.constantFrom('GetFeature', 'GetPropertyValue', 'DescribeFeatureType', 'GetCapabilities', 'GetFeatureById', 'DescribeStoredQueries', 'ListStoredQueries', 'Transaction', 'LockFeature'),
      TYPENAMES: fc.option(layerName(), { nil: undefined }),
      COUNT: fc.option(number, { nil: undefined }),
      STARTINDEX: fc.option(number, { nil: undefined }),
      OUTPUTFORMAT: fc.option(fc.oneof(fc.constantFrom('application/json', 'text/csv', 'application/gml+xml; version=3.2', 'text/xml; subtype=gml/3.1.1', 'shape-zip'), text), { nil: undefined }),
      SRSNAME: fc.option(crs, { nil: undefined }),
      BBOX: fc.option(bbox, { nil: undefined }),
      FILTER: fc.option(fc.oneof(fesFilter, text), { nil: undefined }),
      PROPERTYNAME: fc.option(fc.oneof(fc.constantFrom(...PROPS), text), { nil: undefined }),
      SORTBY: fc.option(fc.oneof(fc.constantFrom(...PROPS).map((p) => `${p} DESC`), text), { nil: undefined }),
      RESULTTYPE: fc.option(fc.constantFrom('hits', 'results', 'x'), { nil: undefined }),
      VALUEREFERENCE: fc.option(fc.oneof(fc.constantFrom(...PROPS), text), { nil: undefined }),
      RESOURCEID: fc.option(fc.oneof(fc.constantFrom('dzialki.1', 'dzialki.0', 'budynki.99999999999999999'), text), { nil: undefined }),
      STOREDQUERY_ID: fc.option(fc.oneof(fc.constantFrom('urn:ogc:def:query:OGC-WFS::GetFeatureById'), text), { nil: undefined }),
      ID: fc.option(text, { nil: undefined }),
    }), async (p) => probe(`/ows?${kvp(p)}`)), { ...RUN, numRuns: runs(1800) });
  });

  it('WMS KVP', { timeout: 600_000 }, async () => {
    const size = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 300 }).map(String) }, { weight: 1, arbitrary: number });
    await fc.assert(fc.asyncProperty(fc.record({
      SERVICE: fc.constantFrom('WMS', 'wms'),
      VERSION: fc.option(fc.constantFrom('1.3.0', '1.1.1', '1.1.0', '2.0'), { nil: undefined }),
      REQUEST: fc.constantFrom('GetMap', 'GetFeatureInfo', 'GetLegendGraphic', 'GetCapabilities', 'GetStyles'),
      LAYERS: fc.option(fc.oneof(layerName(), fc.constantFrom('egib', 'gesut', 'sip_poznan')), { nil: undefined }),
      QUERY_LAYERS: fc.option(layerName(), { nil: undefined }),
      LAYER: fc.option(layerName(), { nil: undefined }),
      STYLES: fc.option(fc.oneof(fc.constant(''), text), { nil: undefined }),
      CRS: fc.option(crs, { nil: undefined }),
      SRS: fc.option(crs, { nil: undefined }),
      BBOX: fc.option(bbox, { nil: undefined }),
      WIDTH: fc.option(size, { nil: undefined }),
      HEIGHT: fc.option(size, { nil: undefined }),
      FORMAT: fc.option(fc.oneof(fc.constantFrom('image/png', 'image/png8', 'image/jpeg', 'image/webp', 'image/svg', 'application/pdf'), text), { nil: undefined }),
      INFO_FORMAT: fc.option(fc.oneof(fc.constantFrom('application/json', 'text/html', 'text/plain', 'application/vnd.ogc.gml'), text), { nil: undefined }),
      I: fc.option(number, { nil: undefined }), J: fc.option(number, { nil: undefined }),
      X: fc.option(number, { nil: undefined }), Y: fc.option(number, { nil: undefined }),
      FEATURE_COUNT: fc.option(number, { nil: undefined }),
      TRANSPARENT: fc.option(fc.oneof(fc.constantFrom('TRUE', 'false'), text), { nil: undefined }),
      BGCOLOR: fc.option(fc.oneof(fc.constantFrom('0xFFFFFF', '#fff'), text), { nil: undefined }),
      EXCEPTIONS: fc.option(fc.constantFrom('XML', 'INIMAGE', 'BLANK', 'application/vnd.ogc.se_xml', 'x'), { nil: undefined }),
      DPI: fc.option(number, { nil: undefined }),
      SLD_BODY: fc.option(text, { nil: undefined }),
    }), async (p) => probe(`/ows?${kvp(p)}`)), { ...RUN, numRuns: runs(1200) });
  });

  it('WFS XML POST', { timeout: 600_000 }, async () => {
    const doc = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(layerName(), fesFilter, fc.constantFrom('application/json', 'application/gml+xml; version=3.2', 'text/csv'), number, fc.constantFrom('GetFeature', 'GetPropertyValue'))
        .map(([t, f, o, c, op]) => `<wfs:${op} xmlns:wfs="http://www.opengis.net/wfs/2.0" service="WFS" version="2.0.0" outputFormat="${xmlEscape(o)}" count="${xmlEscape(c)}"${op === 'GetPropertyValue' ? ' valueReference="numerDzialki"' : ''}><wfs:Query typeNames="${xmlEscape(t)}">${f.replace(/^<fes:Filter[^>]*>/, '<fes:Filter>')}</wfs:Query></wfs:${op}>`.replace('<wfs:', '<wfs:').replace(/^<wfs:(\w+)/, '<wfs:$1 xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"')) },
      { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
      { weight: 1, arbitrary: fc.constantFrom('<a', '<?xml version="1.0"?>', '<wfs:GetFeature/>', '<x:y xmlns:x="urn:x"/>', '<!DOCTYPE a [<!ENTITY b SYSTEM "file:///etc/passwd">]><a>&b;</a>', '<wfs:Transaction service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0"/>') },
    );
    await fc.assert(fc.asyncProperty(doc, async (body) => probe('/ows', { method: 'POST', body, headers: { 'content-type': 'application/xml' } })), { ...RUN, numRuns: runs(1200) });
  });

  it('OGC API – Features parameters and CQL2 (text and JSON)', { timeout: 600_000 }, async () => {
    const collection = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('dzialki', 'budynki', 'przewody', 'drzewa', 'obreby') }, { weight: 1, arbitrary: text });
    await fc.assert(fc.asyncProperty(collection, fc.record({
      limit: fc.option(number, { nil: undefined }),
      offset: fc.option(number, { nil: undefined }),
      bbox: fc.option(bbox, { nil: undefined }),
      'bbox-crs': fc.option(crs, { nil: undefined }),
      crs: fc.option(crs, { nil: undefined }),
      filter: fc.option(fc.oneof(cqlTree, cqlJson, text), { nil: undefined }),
      'filter-lang': fc.option(fc.constantFrom('cql2-text', 'cql2-json', 'ecql', ''), { nil: undefined }),
      'filter-crs': fc.option(crs, { nil: undefined }),
      properties: fc.option(fc.oneof(fc.constantFrom(...CQL_PROPS), text), { nil: undefined }),
      sortby: fc.option(fc.oneof(fc.constantFrom(...CQL_PROPS).map((p) => `-${p}`), text), { nil: undefined }),
      datetime: fc.option(fc.oneof(fc.constantFrom('2020-01-01T00:00:00Z', '../2020-01-01', '2020-13-45'), text), { nil: undefined }),
      f: fc.option(fc.constantFrom('json', 'html', 'xml'), { nil: undefined }),
      numerDzialki: fc.option(text, { nil: undefined }),
      wlasciciele: fc.option(text, { nil: undefined }),
    }), fc.constantFrom('items', 'queryables', '', 'items/1', 'items/dzialki.1', 'tiles'), async (c, p, tail) =>
      probe(`/ogcapi/collections/${enc(c)}${tail ? `/${tail}` : ''}?${kvp(p)}`)), { ...RUN, numRuns: runs(1800) });
  });

  it('search, tiles and the account endpoints', { timeout: 600_000 }, async () => {
    const request = fc.oneof(
      fc.tuple(text, fc.option(fc.oneof(fc.constantFrom('parcel', 'building,street'), text), { nil: undefined }), fc.option(number, { nil: undefined }))
        .map(([q, kinds, limit]) => ({ path: `/api/search?${kvp({ q, kinds, limit })}` })),
      fc.tuple(fc.oneof(fc.constantFrom('egib', 'gesut', 'sip', 'dzialki'), text), number, number, number)
        .map(([s, z, x, y]) => ({ path: `/tiles/${enc(s)}/${enc(z)}/${enc(x)}/${enc(y)}.mvt` })),
      fc.tuple(fc.constantFrom('/konto/logowanie', '/konto/rejestracja', '/konto/haslo', '/konto/haslo/nowe', '/konto/klucze'), fc.dictionary(fc.constantFrom('login', 'haslo', 'haslo2', 'email', 'rola', 'token', '_csrf', 'next', 'nazwa'), text))
        .map(([path, form]) => ({ path, init: { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } })),
      fc.tuple(text).map(([t]) => ({ path: `/konto/haslo?token=${enc(t)}` })),
      fc.constantFrom('%', '%zz', '%C0%AF', '%ED%A0%80', '%FF%FE', '%00', '..%2f..%2f', '%E2%82').chain((raw) =>
        fc.constantFrom(`/ows?SERVICE=WFS&REQUEST=GetFeature&TYPENAMES=${raw}`, `/ows?SERVICE=WMS&REQUEST=GetMap&LAYERS=${raw}`, `/ogcapi/collections/${raw}/items`,
          `/ogcapi/collections/dzialki/items?filter=${raw}`, `/api/search?q=ab${raw}`, `/tiles/${raw}/1/1/1.mvt`, `/ows?${raw}=1`)).map((path) => ({ path })),
      fc.tuple(text).map(([k]) => ({ path: '/api/session', init: { headers: { 'X-API-Key': k.replace(/[^\x20-\x7e]/g, '') || 'x' } } })),
    );
    await fc.assert(fc.asyncProperty(request, async (r: { path: string; init?: RequestInit }) => probe(r.path, r.init)), { ...RUN, numRuns: runs(1000) });
  });

  // Every numeric and CRS parameter of every endpoint (issue 14): coordinates outside a CRS's area of use, NaN,
  // Infinity, 1e308, inverted and degenerate boxes, unknown CRSs. Property: never ≥ 500, and a refusal comes in the
  // protocol's own error format (OWS exception report, WMS service exception or image, JSON problem).
  it('coordinates and CRS parameters of every endpoint', { timeout: 600_000 }, async () => {
    const coord = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e308', '-1e308', '1e309', '0', '-0', '90.000001', '180.5', '-91', '1000', '2000', '6427577', '5808863', '16.9', '52.4', '1e-320', '') },
      { weight: 2, arbitrary: fc.double().map(String) },
      { weight: 2, arbitrary: fc.integer({ min: -10_000_000, max: 10_000_000 }).map(String) },
      { weight: 1, arbitrary: fc.double({ min: -200, max: 200, noNaN: true }).map(String) },
    );
    const box = fc.oneof(
      fc.tuple(coord, coord, coord, coord).map((a) => a.join(',')),
      // inverted and degenerate
      fc.tuple(coord, coord).map(([a, b]) => `${a},${b},${a},${b}`),
      fc.constantFrom('1000,1000,2000,2000', '2000,2000,1000,1000', '-180,-90,180,90', '180,90,-180,-90', '0,0,1,1', '16,52,17,53', '52,16,53,17',
        '6427000,5808000,6428000,5809000', '5808000,6427000,5809000,6428000', '1e308,1e308,1e308,1e308', 'NaN,NaN,NaN,NaN'),
    );
    const anyCrs = fc.oneof(crs, fc.constantFrom('EPSG:3035', 'EPSG:4258', 'urn:ogc:def:crs:OGC:1.3:CRS84', 'http://www.opengis.net/def/crs/OGC/1.3/CRS84', 'EPSG:2177x', 'EPSG:-1'));
    const point = fc.tuple(coord, coord).map(([x, y]) => `${x} ${y}`);
    type Kind = 'ows' | 'wms' | 'json' | 'any';
    const request: fc.Arbitrary<{ path: string; kind: Kind }> = fc.oneof(
      fc.tuple(box, fc.option(anyCrs, { nil: undefined }), fc.option(anyCrs, { nil: undefined }), fc.constantFrom('2.0.0', '1.1.0'))
        .map(([b, c, srs, v]) => ({ kind: 'ows' as Kind, path: `/ows?${kvp({ SERVICE: 'WFS', VERSION: v, REQUEST: 'GetFeature', TYPENAMES: 'egib:dzialki', COUNT: '2', BBOX: c ? `${b},${c}` : b, SRSNAME: srs })}` })),
      fc.tuple(box, anyCrs, fc.constantFrom('1.3.0', '1.1.1'), fc.integer({ min: 1, max: 300 })).map(([b, c, v, w]) => ({ kind: 'wms' as Kind,
        path: `/wms?${kvp({ SERVICE: 'WMS', VERSION: v, REQUEST: 'GetMap', LAYERS: 'egib:dzialki', STYLES: '', [v === '1.3.0' ? 'CRS' : 'SRS']: c, BBOX: b, WIDTH: String(w), HEIGHT: String(w), FORMAT: 'image/png' })}` })),
      fc.tuple(box, anyCrs, coord, coord).map(([b, c, i, j]) => ({ kind: 'wms' as Kind,
        path: `/wms?${kvp({ SERVICE: 'WMS', VERSION: '1.3.0', REQUEST: 'GetFeatureInfo', LAYERS: 'egib:dzialki', QUERY_LAYERS: 'egib:dzialki', STYLES: '', CRS: c, BBOX: b, WIDTH: '256', HEIGHT: '256', I: i, J: j, INFO_FORMAT: 'application/json' })}` })),
      fc.tuple(fc.option(box, { nil: undefined }), fc.option(anyCrs, { nil: undefined }), fc.option(anyCrs, { nil: undefined }), fc.option(point, { nil: undefined }), fc.option(anyCrs, { nil: undefined }), fc.option(coord, { nil: undefined }))
        .map(([b, bc, c, pt, fcrs, lim]) => ({ kind: 'json' as Kind, path: `/ogcapi/collections/dzialki/items?${kvp({ bbox: b, 'bbox-crs': bc, crs: c, limit: lim,
          filter: pt ? `S_INTERSECTS(geom, POINT(${pt}))` : undefined, 'filter-crs': pt ? fcrs : undefined })}` })),
      fc.tuple(fc.array(point, { minLength: 1, maxLength: 5 }), fc.option(anyCrs, { nil: undefined })).map(([pts, fcrs]) => ({ kind: 'json' as Kind,
        path: `/ogcapi/collections/budynki/items?${kvp({ filter: `S_INTERSECTS(geom, POLYGON((${[...pts, pts[0]].join(',')})))`, 'filter-crs': fcrs })}` })),
      fc.tuple(coord, coord, coord).map(([z, x, y]) => ({ kind: 'any' as Kind, path: `/tiles/egib/${enc(z)}/${enc(x)}/${enc(y)}.mvt` })),
      fc.tuple(coord, coord, coord).map(([z, r, c]) => ({ kind: 'any' as Kind, path: `/ogcapi/collections/dzialki/tiles/WebMercatorQuad/${enc(z)}/${enc(r)}/${enc(c)}` })),
      fc.tuple(fc.option(box, { nil: undefined }), fc.option(anyCrs, { nil: undefined }), fc.option(coord, { nil: undefined }), fc.option(anyCrs, { nil: undefined }))
        .map(([b, bc, sc, c]) => ({ kind: 'json' as Kind, path: `/api/sheets?${kvp({ bbox: b, 'bbox-crs': bc, scale: sc, crs: c })}` })),
      fc.tuple(coord, coord).map(([x, y]) => ({ kind: 'json' as Kind, path: `/api/sheets?${kvp({ point: `${x},${y}` })}` })),
      fc.tuple(fc.option(anyCrs, { nil: undefined }), coord).map(([c, dpi]) => ({ kind: 'json' as Kind, path: `/api/sheets/6.177.11.08.3?${kvp({ crs: c, dpi })}` })),
      fc.tuple(box, fc.option(anyCrs, { nil: undefined }), fc.option(anyCrs, { nil: undefined })).map(([b, bc, c]) => ({ kind: 'json' as Kind,
        path: `/api/extract?${kvp({ layers: 'egib:obreby', format: 'geojson', bbox: b, 'bbox-crs': bc, crs: c })}` })),
      fc.tuple(fc.array(point, { minLength: 3, maxLength: 5 }), fc.option(anyCrs, { nil: undefined })).map(([pts, c]) => ({ kind: 'json' as Kind,
        path: `/api/extract?${kvp({ layers: 'egib:obreby', format: 'geojson', polygon: JSON.stringify({ type: 'Polygon', coordinates: [[...pts, pts[0]!].map((p) => p.split(' ').map(Number))] }), 'area-crs': c })}` })),
      box.map((b) => ({ kind: 'json' as Kind, path: `/3d/cityjson?${kvp({ bbox: b })}` })),
      fc.tuple(coord, coord, fc.constantFrom('terrain.glb', 'buildings.glb', 'x.glb')).map(([i, j, n]) => ({ kind: 'any' as Kind, path: `/3d/tiles/${enc(i)}/${enc(j)}/${n}` })),
    );
    const checkFormat = async (path: string, kind: Kind) => {
      const res = await fetch(app.url + path, { signal: AbortSignal.timeout(60_000) });
      const body = Buffer.from(await res.arrayBuffer());
      checked++;
      if (res.status >= 500) throw new Error(`${res.status} for GET ${path}: ${body.toString('utf8', 0, 300)}`);
      if (res.status < 400 || kind === 'any') return;
      const type = res.headers.get('content-type') ?? '';
      const text = body.toString('utf8');
      if (kind === 'ows' && !/ExceptionReport/.test(text)) throw new Error(`${res.status} without an OWS exception report for ${path}: ${text.slice(0, 200)}`);
      if (kind === 'wms' && !/ServiceExceptionReport|ExceptionReport/.test(text) && !/^image\//.test(type)) throw new Error(`${res.status} without a WMS exception for ${path}: ${text.slice(0, 200)}`);
      if (kind === 'json' && !/application\/problem\+json/.test(type)) throw new Error(`${res.status} without a JSON problem for ${path}: ${type} ${text.slice(0, 200)}`);
      if (INTERNALS.test(text) && !isEcho(text, path, {})) throw new Error(`internals in the answer to ${path}: ${text.slice(0, 300)}`);
    };
    // The repros of issue 14 first, then generated ones.
    for (const [path, kind] of [['/ogcapi/collections/dzialki/items?bbox=1000,1000,2000,2000', 'json'], ['/ogcapi/collections/dzialki/items?bbox=-180,-90,180,90', 'json'],
      ['/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&BBOX=1000,1000,2000,2000,urn:ogc:def:crs:EPSG::4326', 'ows'],
      ['/api/sheets?scale=1000&bbox=1000,1000,2000,2000&bbox-crs=EPSG:4326', 'json'],
      // A self-intersecting polygon beyond the data's area (CI seed 1011118764): GEOS's TopologyException was a 500.
      ['/ogcapi/collections/budynki/items?filter=S_INTERSECTS(geom%2C%20POLYGON((8469181%205808863%2C1.221987442922649e-290%2016%2C3500893%200%2C-4.695406373825003e-82%20-2.2482863972647684e-123%2C8469181%205808863)))&filter-crs=EPSG%3A2180', 'json'], ['/api/extract?layers=egib:obreby&format=geojson&bbox=1000,1000,2000,2000&bbox-crs=CRS:84', 'json']] as const) {
      await checkFormat(path, kind);
    }
    const repro = await fetch(`${app.url}/ogcapi/collections/dzialki/items?bbox=1000,1000,2000,2000`);
    expect(repro.status).toBe(400);
    expect(await repro.json()).toMatchObject({ status: 400, parameter: 'bbox' });
    await fc.assert(fc.asyncProperty(request, async (r) => checkFormat(r.path, r.kind)), { ...RUN, numRuns: runs(1500) });
  });

  afterAll(() => {
    console.log(`fuzz: ${checked} requests checked (seed ${RUN.seed}), ${failures.length} failures`);
  });
});
