// Reads the changed data of returned results from an ASCII DXF in PL-2000 zone 6 (EPSG:2177; x = easting,
// y = northing, metres). The layer convention is the one this service's own DXF export writes (formats/dxf.ts,
// docs/cartography.md), so an extract can be edited in CAD and handed back:
//   EGB_DZIALKI   closed LWPOLYLINE or POLYLINE (flag 1): one ring of a parcel boundary
//   EGB_BUDYNKI   closed LWPOLYLINE or POLYLINE: one ring of a building outline
// each entity with its attributes as XDATA of the application SIP_POZNAN (group 1001), one "name=value" string per
// group 1000: at least idDzialki (parcels) or idBudynku (buildings), and poleEwidencyjne, rodzajWgKST … as in GML.
// The rings of one identifier make one object; a ring inside another ring of the same object is its hole. Other
// layers (numbers, labels: EGB_DZIALKI_NUMERY …) and entities are left out. DXF names no CRS: the coordinates must
// lie in zone 6's range, else the CRS check fails (PL-1992 or swapped axes are recognisable by their ranges).
// The group-code reading is coordination/dxf.ts's (one DXF parser in the project). Pure: no I/O.
import type { Position, Polygon, MultiPolygon } from 'geojson';
import { dxfPairs, entities, flags, vertices, type RawEntity } from '../../coordination/dxf.ts';
import { ZONE6_BOX } from '../../coordination/design.ts';
import type { FileReading, ResultObject, Warstwa } from './objects.ts';

export const DXF_LAYERS: Readonly<Record<string, Warstwa>> = { EGB_DZIALKI: 'dzialki', EGB_BUDYNKI: 'budynki' };
const KEY: Record<Warstwa, string> = { dzialki: 'idDzialki', budynki: 'idBudynku' };
export const XDATA_APP = 'SIP_POZNAN';

/** The SIP_POZNAN XDATA of an entity as name → value. */
function xdata(e: RawEntity): Record<string, string> {
  const out: Record<string, string> = {};
  let ours = false;
  for (const p of e.pairs) {
    if (p.code === 1001) ours = p.value.trim() === XDATA_APP;
    else if (ours && p.code === 1000) {
      const s = p.value.trim();
      const eq = s.indexOf('=');
      if (eq > 0) out[s.slice(0, eq).trim()] = s.slice(eq + 1).trim();
    }
  }
  return out;
}

function inRing(pt: Position, ring: readonly Position[]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const p = ring[i]!, q = ring[j]!;
    if ((p[1]! > pt[1]!) !== (q[1]! > pt[1]!) && pt[0]! < ((q[0]! - p[0]!) * (pt[1]! - p[1]!)) / (q[1]! - p[1]!) + p[0]!) c = !c;
  }
  return c;
}

/** Rings → polygons: a ring inside another ring is its hole (one level of nesting, as parcels and buildings have). */
function polygons(rings: Position[][]): Polygon | MultiPolygon {
  const outer = rings.filter((r) => !rings.some((o) => o !== r && inRing(r[0]!, o)));
  const polys = outer.map((o) => [o, ...rings.filter((r) => r !== o && inRing(r[0]!, o))]);
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
}

const inZone6 = (p: Position) => p[0]! >= ZONE6_BOX[0] && p[0]! <= ZONE6_BOX[2] && p[1]! >= ZONE6_BOX[1] && p[1]! <= ZONE6_BOX[3];

/** Reads one DXF file; a file that is not a DXF is a failed reading, not an exception. */
export function readResultDxf(name: string, text: string): FileReading {
  let all: RawEntity[];
  try {
    all = entities(dxfPairs(text));
  } catch (e) {
    return { file: name, kind: 'dxf', ok: false, error: (e as Error).message, objects: [], ignored: 0 };
  }
  const groups = new Map<string, { warstwa: Warstwa; atrybuty: Record<string, string>; rings: Position[][]; lines: number[]; problems: string[] }>();
  const loose: ResultObject[] = [];
  let ignored = 0;
  for (let k = 0; k < all.length; k++) {
    const e = all[k]!;
    const warstwa = DXF_LAYERS[e.layer.toUpperCase()];
    if (!warstwa || (e.type !== 'LWPOLYLINE' && e.type !== 'POLYLINE')) {
      if (e.type !== 'VERTEX' && e.type !== 'SEQEND') ignored++;
      continue;
    }
    const where = `${name}, ${e.type} w linii ${e.line} (warstwa ${e.layer})`;
    let points: Position[];
    let problem: string | undefined;
    try {
      points = vertices(e);
      if (e.type === 'POLYLINE') {
        while (k + 1 < all.length && all[k + 1]!.type === 'VERTEX') points.push(...vertices(all[++k]!));
        if (all[k + 1]?.type === 'SEQEND') k++;
      }
    } catch (err) {
      points = [];
      problem = `${where}: ${(err as Error).message}`;
    }
    const attrs = xdata(e);
    const id = attrs[KEY[warstwa]];
    if (!problem && (flags(e) & 1) !== 1) problem = `${where}: the polyline is not closed (flag 70 bit 1): a boundary must be a closed ring`;
    if (!problem && points.length < 3) problem = `${where}: a ring needs at least three vertices`;
    if (!id) {
      loose.push({ warstwa, format: 'dxf', identyfikator: null, atrybuty: attrs, geometry: null, srid: null, crsName: null,
        problem: problem ?? `${where}: no ${KEY[warstwa]} in the XDATA of application ${XDATA_APP}`, zrodlo: where });
      continue;
    }
    const g = groups.get(`${warstwa}\n${id}`) ?? { warstwa, atrybuty: {}, rings: [], lines: [], problems: [] };
    Object.assign(g.atrybuty, attrs);
    g.lines.push(e.line);
    if (problem) g.problems.push(problem);
    else {
      const ring = [...points];
      const [a, b] = [ring[0]!, ring[ring.length - 1]!];
      if (a[0] !== b[0] || a[1] !== b[1]) ring.push(a);
      g.rings.push(ring);
    }
    groups.set(`${warstwa}\n${id}`, g);
  }
  const objects: ResultObject[] = [...loose];
  for (const g of groups.values()) {
    const id = g.atrybuty[KEY[g.warstwa]]!;
    const where = `${name}, ${g.warstwa === 'dzialki' ? 'działka' : 'budynek'} ${id} (linie ${g.lines.join(', ')})`;
    const inside = g.rings.every((r) => r.every(inZone6));
    objects.push({
      warstwa: g.warstwa, format: 'dxf', identyfikator: id, atrybuty: g.atrybuty,
      geometry: g.problems.length || g.rings.length === 0 ? null : polygons(g.rings),
      srid: inside ? 2177 : null,
      crsName: inside ? 'EPSG:2177 (DXF)' : null,
      ...(g.problems.length ? { problem: g.problems.join('; ') } : {}),
      zrodlo: where,
    });
  }
  if (objects.length === 0) {
    return { file: name, kind: 'dxf', ok: false, error: 'The DXF has no closed polylines on the layers EGB_DZIALKI or EGB_BUDYNKI', objects, ignored };
  }
  return { file: name, kind: 'dxf', ok: true, objects, ignored };
}
