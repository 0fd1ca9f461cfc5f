// bench:xml — how long one pathological XML body of up to 1 MB blocks the event loop in server/xml/parse.ts
// (parsing is synchronous, so the time of one parseXml call IS the block). Each case is parsed 5 times; the median
// and the worst are printed, with the pre-scan alone and, for comparison, the bare DOM builder without the limits
// (what a request cost before issue 14). Goal: ≤ ~50 ms per 1 MB body. Run: npm run bench:xml
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import { DOMParser } from '@xmldom/xmldom';
import { parseXml, checkXmlShape, XmlInputError } from '../server/xml/parse.ts';

const MB = 1_000_000;
const fit = (unit: string, wrap: (body: string) => string = (b) => b) => {
  const n = Math.floor((MB - 200) / unit.length);
  return wrap(unit.repeat(n));
};
const FES = 'xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:fes="http://www.opengis.net/fes/2.0"';

const CASES: [string, string][] = [
  ['100,000 nested elements (the issue\'s repro, 700 kB)', '<a>'.repeat(100_000) + '</a>'.repeat(100_000)],
  ['1 MB of nested elements', (() => { const k = Math.floor((MB - 10) / 7); return '<a>'.repeat(k) + '</a>'.repeat(k); })()],
  ['1 MB of flat empty elements', fit('<a/>', (b) => `<r>${b}</r>`)],
  ['1 MB of elements with many attributes', fit('<a x="1" y="2" z="3" w="4"/>', (b) => `<r>${b}</r>`)],
  ['1 MB of one text node', fit('x', (b) => `<r>${b}</r>`)],
  ['1 MB of comments', fit('<!-- c -->', (b) => `<r>${b}</r>`)],
  ['1 MB of attribute quotes with < and >', `<r a="${'<b>'.repeat(Math.floor((MB - 20) / 3))}"/>`],
  ['a GetFeature with a 1 MB posList (honest)', `<wfs:GetFeature ${FES} xmlns:gml="http://www.opengis.net/gml/3.2" service="WFS" version="2.0.0"><wfs:Query typeNames="egib:dzialki"><fes:Filter><fes:Intersects><fes:ValueReference>geom</fes:ValueReference><gml:Polygon srsName="urn:ogc:def:crs:EPSG::2177"><gml:exterior><gml:LinearRing><gml:posList>${'5808000.12 6427000.34 '.repeat(Math.floor((MB - 800) / 22))}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></fes:Intersects></fes:Filter></wfs:Query></wfs:GetFeature>`],
];

function time(fn: () => void): number {
  const t = performance.now();
  try { fn(); } catch (e) { if (!(e instanceof XmlInputError)) { /* the bare DOM builder's own errors */ } }
  return performance.now() - t;
}

function stats(fn: () => void, runs = 5): { median: number; max: number } {
  const t = Array.from({ length: runs }, () => time(fn)).sort((a, b) => a - b);
  return { median: t[Math.floor(runs / 2)]!, max: t[runs - 1]! };
}

const f = (n: number) => n.toFixed(1).padStart(8);
console.log(`bench:xml — event-loop block per body (ms, median/worst of 5), node ${process.version}`);
console.log(`${'case'.padEnd(52)} ${'bytes'.padStart(9)}  ${'parseXml'.padStart(17)}  ${'pre-scan'.padStart(17)}  ${'bare DOM (before)'.padStart(17)}  answer`);
const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
let worst = 0;
for (const [name, body] of CASES) {
  let answer = 'parsed';
  try { parseXml(body); } catch (e) { answer = (e as Error).message.slice(0, 60); }
  const parse = stats(() => parseXml(body));
  const scan = stats(() => checkXmlShape(body));
  const bare = stats(() => new DOMParser({ onError() { /* ignore */ } }).parseFromString(body, 'text/xml'), 1);
  worst = Math.max(worst, parse.max);
  console.log(`${name.padEnd(52)} ${String(Buffer.byteLength(body)).padStart(9)}  ${f(parse.median)} /${f(parse.max)}  ${f(scan.median)} /${f(scan.max)}  ${f(bare.median).padStart(17)}  ${answer}`);
  await new Promise((r) => setImmediate(r));
}
histogram.disable();
console.log(`worst block by parseXml: ${worst.toFixed(1)} ms (goal ≤ 50 ms); event-loop delay seen by a timer: max ${(histogram.max / 1e6).toFixed(1)} ms (includes the bare DOM runs)`);
