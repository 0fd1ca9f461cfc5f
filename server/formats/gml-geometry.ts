// GeoJSON geometry → GML 3.2 / 3.1.1 elements, written through the streaming XML builder.
import type { Geometry, Position } from 'geojson';
import type { XMLDocumentCB } from 'xmlbuilder';
import type { AxisOrder } from '../crs/definitions.ts';

export interface GmlGeometryOptions {
  /** srsName exactly as the client asked for it. */
  srsName: string;
  axisOrder: AxisOrder;
  /** GML 3.2 requires gml:id on every geometry; 3.1.1 does not. */
  ids: boolean;
}

function posList(coords: readonly Position[], order: AxisOrder): string {
  const parts: string[] = new Array(coords.length);
  for (let i = 0; i < coords.length; i++) {
    const c = coords[i]!;
    parts[i] = order === 'yx' ? `${c[1]} ${c[0]}` : `${c[0]} ${c[1]}`;
  }
  return parts.join(' ');
}

function open(w: XMLDocumentCB, name: string, id: string | undefined, srsName?: string): void {
  const attrs: Record<string, string> = {};
  if (id) attrs['gml:id'] = id;
  if (srsName) attrs.srsName = srsName;
  w.ele(name, attrs);
}

function polygon(w: XMLDocumentCB, rings: Position[][], id: string | undefined, o: GmlGeometryOptions, srsName?: string): void {
  open(w, 'gml:Polygon', id, srsName);
  rings.forEach((ring, i) => {
    w.ele(i === 0 ? 'gml:exterior' : 'gml:interior').ele('gml:LinearRing').ele('gml:posList', posList(ring, o.axisOrder)).up().up().up();
  });
  w.up();
}

function lineString(w: XMLDocumentCB, coords: Position[], id: string | undefined, o: GmlGeometryOptions, srsName?: string): void {
  open(w, 'gml:LineString', id, srsName);
  w.ele('gml:posList', posList(coords, o.axisOrder)).up();
  w.up();
}

function point(w: XMLDocumentCB, c: Position, id: string | undefined, o: GmlGeometryOptions, srsName?: string): void {
  open(w, 'gml:Point', id, srsName);
  w.ele('gml:pos', posList([c], o.axisOrder)).up();
  w.up();
}

/** Writes one geometry element; id is the base of the gml:id values of it and its parts. */
export function writeGmlGeometry(w: XMLDocumentCB, g: Geometry, id: string, o: GmlGeometryOptions): void {
  const gid = (suffix = '') => (o.ids ? id + suffix : undefined);
  switch (g.type) {
    case 'Point': return point(w, g.coordinates, gid(), o, o.srsName);
    case 'LineString': return lineString(w, g.coordinates, gid(), o, o.srsName);
    case 'Polygon': return polygon(w, g.coordinates, gid(), o, o.srsName);
    case 'MultiPoint':
      open(w, 'gml:MultiPoint', gid(), o.srsName);
      g.coordinates.forEach((c, i) => { w.ele('gml:pointMember'); point(w, c, gid(`.${i + 1}`), o); w.up(); });
      w.up();
      return;
    case 'MultiLineString':
      open(w, 'gml:MultiCurve', gid(), o.srsName);
      g.coordinates.forEach((c, i) => { w.ele('gml:curveMember'); lineString(w, c, gid(`.${i + 1}`), o); w.up(); });
      w.up();
      return;
    case 'MultiPolygon':
      open(w, 'gml:MultiSurface', gid(), o.srsName);
      g.coordinates.forEach((c, i) => { w.ele('gml:surfaceMember'); polygon(w, c, gid(`.${i + 1}`), o); w.up(); });
      w.up();
      return;
    case 'GeometryCollection':
      open(w, 'gml:MultiGeometry', gid(), o.srsName);
      g.geometries.forEach((m, i) => { w.ele('gml:geometryMember'); writeGmlGeometry(w, m, `${id}.${i + 1}`, { ...o, srsName: '' }); w.up(); });
      w.up();
      return;
  }
}
