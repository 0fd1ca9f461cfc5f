// Safe parsing of XML from clients (POST bodies, FILTER parameters) and small helpers to walk the DOM.
// Clients are sloppy about namespaces (GDAL writes FES as the default namespace, OWSLib uses prefixes it never
// declares), so the well-known OGC prefixes are assumed when undeclared and lookups fall back to local names.
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';

export type XmlDocument = Document;
export type XmlElement = Element;

/**
 * A client's XML that cannot be accepted: not well-formed, too large, or with a DTD. The locator names the
 * parameter that carried it (FILTER=…); without one the XML is the request body itself.
 */
export class XmlInputError extends Error {
  constructor(message: string, readonly locator?: string) { super(message); }
}

export const NS = {
  fes: 'http://www.opengis.net/fes/2.0',
  ogc: 'http://www.opengis.net/ogc',
  gml: 'http://www.opengis.net/gml',
  gml32: 'http://www.opengis.net/gml/3.2',
  wfs: 'http://www.opengis.net/wfs/2.0',
  wfs11: 'http://www.opengis.net/wfs',
  ows: 'http://www.opengis.net/ows/1.1',
  xlink: 'http://www.w3.org/1999/xlink',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

/** Prefixes assumed when a document uses them without declaring them (a declaration in the document wins). */
const ASSUMED_PREFIXES: Readonly<Record<string, string>> = {
  fes: NS.fes, ogc: NS.ogc, gml: NS.gml32, wfs: NS.wfs, ows: NS.ows, xlink: NS.xlink, xsi: NS.xsi,
};

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/**
 * Limits over the whole document, checked by a linear pre-scan before any DOM is built: the deepest nesting and the
 * number of elements. A FES filter is at most 20 levels (query/fes.ts) inside GetFeature/Query/Filter, a GML geometry
 * adds about six (MultiSurface/surfaceMember/Polygon/exterior/LinearRing/posList): 64 leaves room for every honest
 * request. 100,000 nested elements in 700 kB used to keep the event loop busy for 2.6 s in the DOM builder.
 * Comments, CDATA sections and processing instructions cost the DOM builder about 15 µs each: at most 1,000.
 * Measured with `npm run bench:xml` (bench/xml.ts).
 */
export const XML_LIMITS = { maxDepth: 64, maxElements: 10_000, maxOtherNodes: 1_000 } as const;

/**
 * Counts nesting depth and elements in one pass over the text (no allocation per tag), and stops at the first
 * limit passed. Comments, CDATA, processing instructions and quoted attribute values are skipped as wholes, so a
 * '<' or '>' inside them does not count; markup that is not well-formed is left for the parser to report.
 */
export function checkXmlShape(text: string, limits: { maxDepth: number; maxElements: number; maxOtherNodes: number } = XML_LIMITS): void {
  let depth = 0;
  let elements = 0;
  let others = 0;
  let nextDq = -1;
  let nextSq = -1;
  const other = () => {
    if (++others > limits.maxOtherNodes) throw new XmlInputError(`The XML document has more than ${limits.maxOtherNodes} comments, CDATA sections and processing instructions`);
  };
  let i = text.indexOf('<');
  const n = text.length;
  while (i >= 0 && i < n) {
    const c = text.charCodeAt(i + 1);
    if (c === 47 /* / */) {
      depth--;
      i = text.indexOf('>', i + 2);
    } else if (c === 33 /* ! */) {
      other();
      const end = text.startsWith('<!--', i) ? text.indexOf('-->', i + 4) : text.startsWith('<![CDATA[', i) ? text.indexOf(']]>', i + 9) : text.indexOf('>', i + 2);
      i = end;
    } else if (c === 63 /* ? */) {
      other();
      i = text.indexOf('?>', i + 2);
    } else {
      // A start tag: its '>' is the first one after the last quoted attribute value; '/>' closes it at once. The
      // next quote of each kind is remembered, so the text is searched once (indexOf), never char by char.
      let j = text.indexOf('>', i + 1);
      if (j < 0) return;
      for (;;) {
        if (nextDq < i + 1) nextDq = indexOr(text, '"', i + 1);
        if (nextSq < i + 1) nextSq = indexOr(text, "'", i + 1);
        const q = Math.min(nextDq, nextSq);
        if (q > j) break;
        // A quoted value before the '>': skip past its closing quote, then look for the '>' again.
        const close = text.indexOf(q === nextDq ? '"' : "'", q + 1);
        if (close < 0) return;
        i = close;
        j = text.indexOf('>', close + 1);
        if (j < 0) return;
      }
      const selfClosing = text.charCodeAt(j - 1) === 47;
      if (++elements > limits.maxElements) throw new XmlInputError(`The XML document has more than ${limits.maxElements} elements`);
      if (!selfClosing && ++depth > limits.maxDepth) throw new XmlInputError(`The XML document is nested deeper than ${limits.maxDepth} levels`);
      i = j;
    }
    if (i < 0) return;
    i = text.indexOf('<', i + 1);
  }
}

/** indexOf, with "not found" as +Infinity (compares after every position). */
function indexOr(text: string, s: string, from: number): number {
  const k = text.indexOf(s, from);
  return k < 0 ? Infinity : k;
}

/**
 * Parses client XML into a namespace-aware DOM. A DTD is refused outright (no entity expansion, no external
 * entities: XXE and "billion laughs" cannot start), as are bodies over maxBytes, documents deeper or with more
 * elements than XML_LIMITS (checked before the DOM is built), and anything not well-formed.
 */
export function parseXml(text: string, maxBytes = 1_000_000, assumedPrefixes: Readonly<Record<string, string>> = ASSUMED_PREFIXES): Document {
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new XmlInputError(`The XML document is larger than the limit of ${maxBytes} bytes`);
  }
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new XmlInputError('XML with a document type declaration (<!DOCTYPE> or <!ENTITY>) is not accepted');
  }
  checkXmlShape(text);
  let failure: XmlInputError | undefined;
  const parser = new DOMParser({
    xmlns: assumedPrefixes,
    onError(level, message, context: { locator?: { lineNumber?: number; columnNumber?: number } } | undefined) {
      // A replacement character only hints at a wrong encoding; everything else means broken markup.
      if (level === 'warning' && message.startsWith('Unicode replacement character')) return;
      const loc = context?.locator;
      const at = loc?.lineNumber ? ` (line ${loc.lineNumber}, column ${loc.columnNumber})` : '';
      failure ??= new XmlInputError(`The XML is not well-formed: ${explain(message)}${at}`);
      throw failure;
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (e) {
    // xmldom wraps what onError throws in its ParseError: report our own message.
    throw failure ?? new XmlInputError(`The XML is not well-formed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!doc.documentElement) throw new XmlInputError('The XML document has no root element');
  return doc;
}

export function isElement(node: Node | null | undefined): node is Element {
  return !!node && node.nodeType === ELEMENT_NODE;
}

/** The element children of an element, in document order. */
export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (isElement(n)) out.push(n);
  return out;
}

/**
 * Whether an element has this local name and one of these namespaces. An element without a namespace matches
 * any (clients that forget the declaration); namespaces undefined = match the local name only.
 */
export function isNamed(el: Element, localName: string, namespaces?: readonly string[]): boolean {
  if (el.localName !== localName) return false;
  return !namespaces || !el.namespaceURI || namespaces.includes(el.namespaceURI);
}

/** Element children with this local name (see isNamed for the namespace rule). */
export function childrenNamed(el: Element, localName: string, namespaces?: readonly string[]): Element[] {
  return childElements(el).filter((c) => isNamed(c, localName, namespaces));
}

export function firstChildNamed(el: Element, localName: string, namespaces?: readonly string[]): Element | undefined {
  return childElements(el).find((c) => isNamed(c, localName, namespaces));
}

/** The text of an element: its text and CDATA descendants concatenated. */
export function textOf(el: Element): string {
  let s = '';
  const walk = (node: Node): void => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) s += n.nodeValue ?? '';
      else if (n.nodeType === ELEMENT_NODE) walk(n);
    }
  };
  walk(el);
  return s;
}

/**
 * An attribute by local name: unprefixed first, then a prefixed one in one of the namespaces (any namespace when
 * namespaces is undefined), so that both id="x" and gml:id="x" are found.
 */
export function attributeOf(el: Element, localName: string, namespaces?: readonly string[]): string | undefined {
  const plain = el.getAttributeNS(null, localName);
  if (plain !== null && el.hasAttributeNS(null, localName)) return plain;
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs.item(i);
    if (a && a.localName === localName && a.namespaceURI && (!namespaces || namespaces.includes(a.namespaceURI))) return a.value;
  }
  return undefined;
}

function explain(message: string): string {
  if (message.includes('prefix is non-null and namespace is null')) return 'a namespace prefix is used without being declared';
  if (message.includes('Only one element can be added')) return 'there is more than one root element';
  return message.replace(/^Error constructing the DOM: /, '');
}

