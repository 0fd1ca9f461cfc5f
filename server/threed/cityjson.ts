// CityJSON 2.0 of buildings: one Building per model with its register attributes and a Solid at LOD 2.2
// (roof by kind) or LOD 1.2 (prism), with semantic surfaces. Coordinates are EPSG:2177 with normal heights in
// PL-EVRF2007-NH, stored as integers in millimetres through "transform".
import type { BuildingShape, Surface } from './building-shape.ts';

export interface CityJsonBuilding { id: string; shape: BuildingShape; lod: '1.2' | '2.2'; attributes: Record<string, unknown> }

export interface CityJsonMeta { title: string; identifier: string; referenceDate: string; contactName: string; emailAddress: string; website?: string }

const SEMANTIC: Record<Surface['kind'], string> = { roof: 'RoofSurface', wall: 'WallSurface', ground: 'GroundSurface' };
export const REFERENCE_SYSTEM = 'https://www.opengis.net/def/crs/EPSG/0/2177';
export const VERTICAL_REFERENCE_SYSTEM = 'https://www.opengis.net/def/crs/EPSG/0/9651';

export function cityJson(buildings: readonly CityJsonBuilding[], meta: CityJsonMeta): Record<string, unknown> {
  const scale = 0.001;
  const vertices: [number, number, number][] = [];
  const index = new Map<string, number>();
  const solids = buildings.map((b) => ({ b, surfaces: b.shape.surfaces() }));
  // Translate by the minimum so the integers stay small.
  let minx = Infinity, miny = Infinity, minz = Infinity, maxx = -Infinity, maxy = -Infinity, maxz = -Infinity;
  for (const { surfaces } of solids) for (const s of surfaces) for (const r of s.rings) for (const p of r) {
    minx = Math.min(minx, p[0]); miny = Math.min(miny, p[1]); minz = Math.min(minz, p[2]);
    maxx = Math.max(maxx, p[0]); maxy = Math.max(maxy, p[1]); maxz = Math.max(maxz, p[2]);
  }
  const translate: [number, number, number] = solids.length ? [Math.floor(minx), Math.floor(miny), Math.floor(minz)] : [0, 0, 0];
  const vertex = (p: [number, number, number]): number => {
    const q: [number, number, number] = [Math.round((p[0] - translate[0]) / scale), Math.round((p[1] - translate[1]) / scale), Math.round((p[2] - translate[2]) / scale)];
    const key = q.join(',');
    let i = index.get(key);
    if (i === undefined) { i = vertices.length; vertices.push(q); index.set(key, i); }
    return i;
  };
  const CityObjects: Record<string, unknown> = {};
  for (const { b, surfaces } of solids) {
    const shell: number[][][] = [];
    const values: number[] = [];
    const kinds: Surface['kind'][] = ['roof', 'wall', 'ground'];
    for (const s of surfaces) {
      const rings = s.rings.map((r) => dedupe(r.map(vertex))).filter((r) => r.length >= 3);
      if (!rings.length) continue;
      shell.push(rings);
      values.push(kinds.indexOf(s.kind));
    }
    const zs = surfaces.flatMap((s) => s.rings.flat().map((p) => p[2]));
    const xs = surfaces.flatMap((s) => s.rings.flat().map((p) => p[0]));
    const ys = surfaces.flatMap((s) => s.rings.flat().map((p) => p[1]));
    CityObjects[b.id] = {
      type: 'Building',
      attributes: clean(b.attributes),
      geographicalExtent: [Math.min(...xs), Math.min(...ys), Math.min(...zs), Math.max(...xs), Math.max(...ys), Math.max(...zs)].map(r3),
      geometry: [{
        type: 'Solid', lod: b.lod, boundaries: [shell],
        semantics: { surfaces: kinds.map((k) => ({ type: SEMANTIC[k] })), values: [values] },
      }],
    };
  }
  return {
    type: 'CityJSON',
    version: '2.0',
    transform: { scale: [scale, scale, scale], translate },
    metadata: {
      identifier: meta.identifier,
      title: meta.title,
      referenceDate: meta.referenceDate,
      referenceSystem: REFERENCE_SYSTEM,
      pointOfContact: { contactName: meta.contactName, emailAddress: meta.emailAddress, contactType: 'organization', role: 'pointOfContact', ...(meta.website ? { website: meta.website } : {}) },
      ...(solids.length ? { geographicalExtent: [minx, miny, minz, maxx, maxy, maxz].map(r3) } : {}),
    },
    CityObjects,
    vertices,
  };
}

function dedupe(ring: number[]): number[] {
  const out: number[] = [];
  for (const v of ring) if (out[out.length - 1] !== v) out.push(v);
  while (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
  return out;
}

function r3(v: number): number { return Math.round(v * 1000) / 1000; }

/** CityJSON attributes: no nulls (absent instead). */
function clean(a: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
