// Designed networks as GML (3.2, 3.1.1 or 2; a WFS FeatureCollection or a GML one, any application schema): every
// feature whose property holds a line geometry (gml:LineString, gml:Curve, gml:MultiCurve, gml:MultiLineString) is a
// designed line, its simple properties `branza` (a GESUT branch code or name), `srednica`, `funkcja` and `glebokosc`
// (depth below terrain, m) read by their local names, its gml:id as the label; a 3D posList (srsDimension="3") gives
// each vertex its depth (depth.ts: Z is read as the depth of the axis below terrain). The geometries are read by query/gml-geometry.ts (the axis order from the
// srsName: urn:ogc:def:crs:EPSG::2177 is northing first), must be in EPSG:2177, and the result goes through the
// GeoJSON reader (design.ts), so zone, city, branch and limits are checked exactly as for GeoJSON. Client XML is
// parsed safely (xml/parse.ts: no DTD, size and depth limits). Pure: no I/O.
import { HttpProblem } from '../errors/service-error.ts';
import { FilterError } from '../query/filter.ts';
import { isGmlGeometry, parseGmlGeometry } from '../query/gml-geometry.ts';
import { childElements, parseXml, textOf, XmlInputError, type XmlElement } from '../xml/parse.ts';

const LINE_GEOMETRIES = new Set(['LineString', 'Curve', 'MultiCurve', 'MultiLineString']);
/** The feature properties read (by local name, any namespace). */
const PROPERTIES = ['branza', 'srednica', 'funkcja', 'glebokosc'] as const;
/** The largest GML accepted (bytes of text). */
export const MAX_GML_BYTES = 10 * 1024 * 1024;

const bad = (detail: string, pointer: string) => new HttpProblem(400, 'Bad Request', detail, { pointer });

function allElements(root: XmlElement, out: XmlElement[] = []): XmlElement[] {
  for (const c of childElements(root)) {
    if (isGmlGeometry(c)) { out.push(c); continue; } // a geometry's parts are not features
    allElements(c, out);
  }
  return out;
}

/** The srsDimension an element declares, or an ancestor up to the geometry. */
function dimensionOf(el: XmlElement): number {
  for (let e: XmlElement | null = el; e && e.nodeType === 1; e = e.parentNode as XmlElement | null) {
    const d = e.getAttribute('srsDimension') || e.getAttribute('dimension');
    if (d) return Number(d);
  }
  return 2;
}

/** The Z of every position of a geometry written with srsDimension="3" (gml:pos, gml:posList), in document order. */
function zOf(g: XmlElement): number[] {
  const out: number[] = [];
  const walk = (el: XmlElement) => {
    for (const c of childElements(el)) {
      if ((c.localName === 'pos' || c.localName === 'posList') && dimensionOf(c) === 3) {
        const n = textOf(c).trim().split(/\s+/).filter(Boolean).map(Number);
        for (let i = 2; i < n.length; i += 3) out.push(n[i]!);
      } else walk(c);
    }
  };
  walk(g);
  return out;
}

/** The geometry with each position's Z appended, when there is one Z per position (else as it is). */
function withZ(geometry: { type: string; coordinates: unknown }, z: number[]): { type: string; coordinates: unknown } {
  if (z.length === 0) return geometry;
  const lines = (geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates) as number[][][];
  if (!Array.isArray(lines) || lines.reduce((s, l) => s + l.length, 0) !== z.length) return geometry;
  let k = 0;
  const out = lines.map((l) => l.map((p) => [p[0]!, p[1]!, z[k++]!]));
  return { type: geometry.type, coordinates: geometry.type === 'LineString' ? out[0] : out };
}

/**
 * Reads a GML document of designed lines into a GeoJSON FeatureCollection (EPSG:2177, x = easting) with the
 * properties of each feature, for parseDesignGeoJson. Every problem is a 400 naming the feature (`/gml/{n}`).
 */
export function gmlToDesignGeoJson(text: string): { type: 'FeatureCollection'; features: unknown[] } {
  let doc;
  try {
    doc = parseXml(text, MAX_GML_BYTES);
  } catch (e) {
    if (e instanceof XmlInputError) throw bad(`The GML is not well-formed or too large: ${e.message}`, '/gml');
    throw e;
  }
  const geometries = allElements(doc.documentElement as XmlElement).filter((g) => LINE_GEOMETRIES.has(g.localName ?? ''));
  if (geometries.length === 0) throw bad('The GML has no line geometries (gml:LineString, gml:Curve, gml:MultiCurve, gml:MultiLineString)', '/gml');
  const features = geometries.map((g, i) => {
    const pointer = `/gml/${i}`;
    // geometry → its property element → the feature
    const feature = g.parentNode?.parentNode as XmlElement | null;
    if (!feature || feature.nodeType !== 1) throw bad('A line geometry outside a feature', pointer);
    let literal;
    try {
      literal = parseGmlGeometry(g, { defaultCrs: 'urn:ogc:def:crs:EPSG::2177' });
    } catch (e) {
      if (e instanceof FilterError) throw bad(e.message, pointer);
      throw e;
    }
    if (literal.crs !== 'EPSG:2177') throw bad(`The design must be in EPSG:2177 (PL-2000 zone 6); the geometry's srsName says ${literal.crs}`, `${pointer}/srsName`);
    const properties: Record<string, unknown> = {};
    for (const c of childElements(feature)) {
      const name = c.localName as (typeof PROPERTIES)[number];
      if (PROPERTIES.includes(name) && childElements(c).length === 0) properties[name] = textOf(c).trim();
    }
    const id = feature.getAttributeNS('http://www.opengis.net/gml/3.2', 'id') || feature.getAttributeNS('http://www.opengis.net/gml', 'id') || feature.getAttribute('fid');
    if (id) properties.id = id;
    if (typeof properties.srednica === 'string' && properties.srednica === '') delete properties.srednica;
    if (typeof properties.glebokosc === 'string' && properties.glebokosc === '') delete properties.glebokosc;
    return { type: 'Feature', properties, geometry: withZ(literal.geometry as { type: string; coordinates: unknown }, zOf(g)) };
  });
  return { type: 'FeatureCollection', features };
}
