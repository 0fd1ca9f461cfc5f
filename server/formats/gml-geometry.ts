// GeoJSON geometry → GML 3.2 / 3.1.1 elements, written as text: the feature collections of WFS stream hundreds of
// thousands of geometries, and a string per geometry costs a fraction of an XML builder's element objects and name
// checks (issue 19: the whole gesut:przewody as GML). Every name here is a fixed GML name; the only outside text is
// srsName, escaped as an attribute value, and gml:id values, which are built from catalogue names and integer keys.
import type { Geometry, Position } from 'geojson';
import type { XMLDocumentCB } from 'xmlbuilder';
import type { AxisOrder } from '../crs/definitions.ts';
import { escapeAttribute } from './xml-text.ts';

export interface GmlGeometryOptions {
  /** srsName exactly as the client asked for it. */
  srsName: string;
  axisOrder: AxisOrder;
  /** GML 3.2 requires gml:id on every geometry; 3.1.1 does not. */
  ids: boolean;
}

function posList(coords: readonly Position[], order: AxisOrder): string {
  let out = '';
  for (let i = 0; i < coords.length; i++) {
    const c = coords[i]!;
    out += (i ? ' ' : '') + (order === 'yx' ? `${c[1]} ${c[0]}` : `${c[0]} ${c[1]}`);
  }
  return out;
}

function open(name: string, id: string | undefined, srsName: string | undefined): string {
  return `<${name}${id ? ` gml:id="${escapeAttribute(id)}"` : ''}${srsName ? ` srsName="${escapeAttribute(srsName)}"` : ''}>`;
}

function polygon(rings: Position[][], id: string | undefined, o: GmlGeometryOptions, srsName?: string): string {
  let out = open('gml:Polygon', id, srsName);
  rings.forEach((ring, i) => {
    const side = i === 0 ? 'gml:exterior' : 'gml:interior';
    out += `<${side}><gml:LinearRing><gml:posList>${posList(ring, o.axisOrder)}</gml:posList></gml:LinearRing></${side}>`;
  });
  return out + '</gml:Polygon>';
}

function lineString(coords: Position[], id: string | undefined, o: GmlGeometryOptions, srsName?: string): string {
  return `${open('gml:LineString', id, srsName)}<gml:posList>${posList(coords, o.axisOrder)}</gml:posList></gml:LineString>`;
}

function point(c: Position, id: string | undefined, o: GmlGeometryOptions, srsName?: string): string {
  return `${open('gml:Point', id, srsName)}<gml:pos>${posList([c], o.axisOrder)}</gml:pos></gml:Point>`;
}

/** One geometry element as text; id is the base of the gml:id values of it and its parts. */
export function gmlGeometryText(g: Geometry, id: string, o: GmlGeometryOptions): string {
  const gid = (suffix = '') => (o.ids ? id + suffix : undefined);
  switch (g.type) {
    case 'Point': return point(g.coordinates, gid(), o, o.srsName);
    case 'LineString': return lineString(g.coordinates, gid(), o, o.srsName);
    case 'Polygon': return polygon(g.coordinates, gid(), o, o.srsName);
    case 'MultiPoint':
      return open('gml:MultiPoint', gid(), o.srsName)
        + g.coordinates.map((c, i) => `<gml:pointMember>${point(c, gid(`.${i + 1}`), o)}</gml:pointMember>`).join('') + '</gml:MultiPoint>';
    case 'MultiLineString':
      return open('gml:MultiCurve', gid(), o.srsName)
        + g.coordinates.map((c, i) => `<gml:curveMember>${lineString(c, gid(`.${i + 1}`), o)}</gml:curveMember>`).join('') + '</gml:MultiCurve>';
    case 'MultiPolygon':
      return open('gml:MultiSurface', gid(), o.srsName)
        + g.coordinates.map((c, i) => `<gml:surfaceMember>${polygon(c, gid(`.${i + 1}`), o)}</gml:surfaceMember>`).join('') + '</gml:MultiSurface>';
    case 'GeometryCollection':
      return open('gml:MultiGeometry', gid(), o.srsName)
        + g.geometries.map((m, i) => `<gml:geometryMember>${gmlGeometryText(m, `${id}.${i + 1}`, { ...o, srsName: '' })}</gml:geometryMember>`).join('') + '</gml:MultiGeometry>';
  }
}

/** Writes one geometry element into an XML builder's document (GetPropertyValue). */
export function writeGmlGeometry(w: XMLDocumentCB, g: Geometry, id: string, o: GmlGeometryOptions): void {
  w.raw(gmlGeometryText(g, id, o));
}
