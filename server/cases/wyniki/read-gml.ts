// Reads the changed data of returned results from GML of this service's own application schema — exactly what its
// WFS 2.0 (and 1.1) writes for egib:dzialki and egib:budynki (formats/gml-features.ts): a wfs:FeatureCollection (or
// gml:FeatureCollection) whose members are egib:dzialki / egib:budynki elements in the namespace
// https://sip.poznan.pl/ns/egib, one child element per attribute (the 2021 model's names: idDzialki,
// poleEwidencyjne, idBudynku, rodzajWgKST …) and the geometry in egib:geom as GML 3.2 or 3.1.1. So a surveyor may
// take the WFS answer of the work area, edit it (QGIS, GDAL) and hand it back. Pure: no I/O.
//
// The CRS is the srsName of each geometry (or its nearest GML ancestor); a short EPSG:nnnn is read x/y as in the
// service's WFS (README "CRS names and axis order"). A geometry without srsName is read as EPSG:2177 but reported
// (the CRS check wants it stated). A geometry that cannot be read is kept with its problem, not dropped, so the
// report names it.
import type { Geometry } from 'geojson';
import { parseXml, childElements, textOf, isElement, type XmlElement } from '../../xml/parse.ts';
import { isGmlGeometry, parseGmlGeometry } from '../../query/gml-geometry.ts';
import { resolveCrs } from '../../crs/names.ts';
import { layerNamespaceUri } from '../../formats/namespaces.ts';
import type { FileReading, ResultObject, Warstwa } from './objects.ts';

const EGIB_NS = layerNamespaceUri('egib');
const FEATURES: readonly Warstwa[] = ['dzialki', 'budynki'];
const KEY: Record<Warstwa, string> = { dzialki: 'idDzialki', budynki: 'idBudynku' };
/** Attributes the service computes or keeps itself; a value in the file is ignored. */
const COMPUTED = new Set(['powierzchniaGeometryczna', 'poczatekWersjiObiektu', 'nazwaRodzajuWgKST', 'wlasciciele']);

function srsNameOf(el: XmlElement): string | undefined {
  for (let e: XmlElement | null = el; e && isElement(e); e = e.parentNode as XmlElement | null) {
    const s = e.getAttribute('srsName');
    if (s && s.trim()) return s.trim();
  }
  return undefined;
}

function readGeometry(holder: XmlElement, where: string): Pick<ResultObject, 'geometry' | 'srid' | 'crsName' | 'problem'> {
  const g = childElements(holder).find(isGmlGeometry);
  if (!g) return { geometry: null, srid: null, crsName: null, problem: `${where}: egib:geom holds no GML geometry` };
  const crsName = srsNameOf(g) ?? null;
  const resolved = crsName ? resolveCrs(crsName, true) : undefined;
  if (crsName && !resolved) return { geometry: null, srid: null, crsName, problem: `${where}: unknown CRS ${crsName}` };
  try {
    const lit = parseGmlGeometry(g, { defaultCrs: 'EPSG:2177', legacyShortForm: true });
    const epsg = resolved?.crs.epsg ?? 2177;
    return { geometry: lit.geometry as Geometry, srid: epsg, crsName };
  } catch (e) {
    return { geometry: null, srid: resolved?.crs.epsg ?? null, crsName, problem: `${where}: ${(e as Error).message}` };
  }
}

/** Reads one GML file; a file that is not XML or holds no egib features is a failed reading, not an exception. */
export function readResultGml(name: string, text: string, maxBytes: number): FileReading {
  let doc;
  try {
    doc = parseXml(text, maxBytes);
  } catch (e) {
    return { file: name, kind: 'gml', ok: false, error: (e as Error).message, objects: [], ignored: 0 };
  }
  const objects: ResultObject[] = [];
  let ignored = 0;
  let index = 0;
  const walk = (el: XmlElement): void => {
    for (const c of childElements(el)) {
      const local = c.localName ?? '';
      const warstwa = FEATURES.find((f) => f === local);
      if (warstwa && (!c.namespaceURI || c.namespaceURI === EGIB_NS)) {
        index++;
        const gmlId = c.getAttribute('gml:id') || c.getAttribute('id') || '';
        const where = `${name}, ${local} #${index}${gmlId ? ` (gml:id ${gmlId})` : ''}`;
        const atrybuty: Record<string, string> = {};
        let geom: Pick<ResultObject, 'geometry' | 'srid' | 'crsName' | 'problem'> = { geometry: null, srid: null, crsName: null, problem: `${where}: no egib:geom` };
        for (const p of childElements(c)) {
          const pn = p.localName ?? '';
          if (pn === 'geom') geom = readGeometry(p, where);
          else if (!COMPUTED.has(pn) && childElements(p).length === 0) atrybuty[pn] = textOf(p).trim();
        }
        objects.push({ warstwa, format: 'gml', identyfikator: atrybuty[KEY[warstwa]] || null, atrybuty, ...geom, zrodlo: where });
      } else if (c.namespaceURI === EGIB_NS) {
        // A feature of another class (egib:kontury_uzytkow …): not a change this module applies.
        ignored++;
      } else {
        walk(c);
      }
    }
  };
  walk(doc.documentElement as unknown as XmlElement);
  if (objects.length === 0) {
    return { file: name, kind: 'gml', ok: false, error: 'The GML holds no egib:dzialki or egib:budynki features (namespace https://sip.poznan.pl/ns/egib, as the service\'s WFS writes them)', objects, ignored };
  }
  return { file: name, kind: 'gml', ok: true, objects, ignored };
}
