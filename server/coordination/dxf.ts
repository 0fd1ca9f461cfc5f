// A small reader of ASCII DXF for the designed networks: the ENTITIES section's LINE, LWPOLYLINE and POLYLINE
// (with its VERTEX … SEQEND) entities, each a designed line whose branch is its layer's name ("w", "gazowa",
// "siec_wodociagowa" …: one layer per branch, as the coordination procedure asks for). DXF is a sequence of
// group-code / value line pairs (AutoCAD DXF Reference: group codes 0 entity type, 5 handle, 8 layer, 10/20 x/y,
// 11/21 end point of a LINE, 70 flags, 90 vertex count of an LWPOLYLINE, 42 bulge). Arcs of polylines (bulges) are
// read as their chords; blocks (INSERT) and other entities are not designed lines and are left out. Binary DXF and
// entities on a layer that names no branch are refused with a 400 problem. Depths (depth.ts): the Z of the vertices
// (30/31 of a LINE, 30 of each VERTEX of a POLYLINE) or the entity's elevation (38 of an LWPOLYLINE, 30 of a POLYLINE
// itself), read as the depth of the axis below terrain; 0 (a 2D drawing) is "not given". Pure: no I/O.
import { HttpProblem } from '../errors/service-error.ts';
import { normaliseBranza, BRANZE, type Branza } from './branches.ts';
import { checkLimits, checkPosition, DESIGN_LIMITS, type DesignFeature, type Position } from './design.ts';
import { hasDepths, readDepth } from './depth.ts';

export interface Pair { code: number; value: string; line: number }

function bad(detail: string, extra: Record<string, unknown> = {}): HttpProblem {
  return new HttpProblem(400, 'Bad Request', detail, extra);
}

/** The group-code/value pairs of an ASCII DXF. */
export function dxfPairs(text: string): Pair[] {
  if (text.startsWith('AutoCAD Binary DXF')) throw bad('Binary DXF is not read: save the drawing as ASCII DXF');
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length % 2 !== 0) throw bad('The DXF is not a sequence of group-code / value line pairs (odd number of lines)');
  const pairs: Pair[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const codeText = lines[i]!.trim();
    if (!/^-?\d{1,4}$/.test(codeText)) throw bad(`Line ${i + 1} of the DXF should be a group code, not "${codeText.slice(0, 30)}"`, { line: i + 1 });
    pairs.push({ code: Number(codeText), value: lines[i + 1]!, line: i + 2 });
  }
  return pairs;
}

/** The branch a layer name stands for: the whole name, or exactly one of its parts ("P_wodociagowa", "siec-g"). */
export function branzaOfLayer(layer: string): Branza | undefined {
  const whole = normaliseBranza(layer);
  if (whole) return whole;
  const found = new Set(layer.split(/[_\-\s.]+/).map((t) => normaliseBranza(t)).filter((b): b is Branza => b !== undefined));
  return found.size === 1 ? [...found][0] : undefined;
}

function number(p: Pair): number {
  const n = Number(p.value.trim());
  if (p.value.trim() === '' || !Number.isFinite(n)) throw bad(`Line ${p.line} of the DXF should be a number (group code ${p.code}), not "${p.value.trim().slice(0, 30)}"`, { line: p.line });
  return n;
}

export interface RawEntity { type: string; line: number; layer: string; handle?: string; pairs: Pair[] }

/** The entities of the ENTITIES section, each with its own pairs (the pairs up to the next group code 0). Also read by
 * the returned results of survey work (cases/wyniki/read-dxf.ts). */
export function entities(pairs: Pair[]): RawEntity[] {
  const out: RawEntity[] = [];
  let i = 0;
  let inEntities = false;
  let seen = false;
  while (i < pairs.length) {
    const p = pairs[i]!;
    if (p.code === 0 && p.value.trim() === 'SECTION' && pairs[i + 1]?.code === 2) {
      inEntities = pairs[i + 1]!.value.trim() === 'ENTITIES';
      seen ||= inEntities;
      i += 2;
      continue;
    }
    if (p.code === 0 && p.value.trim() === 'ENDSEC') { inEntities = false; i++; continue; }
    if (inEntities && p.code === 0) {
      const own: Pair[] = [];
      let j = i + 1;
      while (j < pairs.length && pairs[j]!.code !== 0) own.push(pairs[j++]!);
      const layer = own.find((q) => q.code === 8)?.value.trim() ?? '0';
      const handle = own.find((q) => q.code === 5)?.value.trim();
      out.push({ type: p.value.trim(), line: p.line, layer, ...(handle ? { handle } : {}), pairs: own });
      i = j;
      continue;
    }
    i++;
  }
  if (!seen) throw bad('The DXF has no ENTITIES section');
  return out;
}

/** The x/y positions of an entity's 10/20 pairs in order. */
export function vertices(e: RawEntity): Position[] {
  const out: Position[] = [];
  let x: number | undefined;
  for (const p of e.pairs) {
    if (p.code === 10) x = number(p);
    else if (p.code === 20 && x !== undefined) { out.push([x, number(p)]); x = undefined; }
  }
  return out;
}

/** The z (group code 30) of each 10/20 position of an entity, in order; null where a position has none. */
function zValues(e: RawEntity): (number | null)[] {
  const out: (number | null)[] = [];
  let open = false;
  for (const p of e.pairs) {
    if (p.code === 10) { if (open) out.push(null); open = true; }
    else if (p.code === 30 && open) { out.push(number(p)); open = false; }
  }
  if (open) out.push(null);
  return out;
}

/** A single group code's number, or null when the entity has none. */
function optional(e: RawEntity, code: number): number | null {
  const p = e.pairs.find((q) => q.code === code);
  return p ? number(p) : null;
}

export function flags(e: RawEntity): number {
  const f = e.pairs.find((p) => p.code === 70);
  return f ? number(f) : 0;
}

/**
 * A line part: positions checked (zone 6, city), consecutive duplicates dropped, closed when the flag says so; the
 * depths of the kept positions are pushed to `depths` (from `z`, the positions' Z in the same order).
 */
function part(points: Position[], closed: boolean, pointer: string, line: number, z: (number | null)[] = [], depths: (number | null)[] = []): Position[] {
  const out: Position[] = [];
  points.forEach((p, i) => {
    const xy = checkPosition(p, `${pointer}/${i}`);
    const last = out[out.length - 1];
    if (!last || last[0] !== xy[0] || last[1] !== xy[1]) { out.push(xy); depths.push(readDepth(z[i], `${pointer}/${i}/z`, { z: true })); }
  });
  if (closed && out.length > 2) { out.push(out[0]!); depths.push(depths[0] ?? null); }
  if (out.length < 2) throw bad(`The entity at DXF line ${line} needs at least two distinct points`, { pointer });
  return out;
}

/** Reads the designed lines of an ASCII DXF (see the file header). */
export function parseDesignDxf(text: string): DesignFeature[] {
  const all = entities(dxfPairs(text));
  const features: DesignFeature[] = [];
  for (let k = 0; k < all.length; k++) {
    const e = all[k]!;
    let points: Position[] | undefined;
    let z: (number | null)[] = [];
    let elevation: number | null = null;
    let closed = false;
    if (e.type === 'LINE') {
      const get = (code: number) => { const p = e.pairs.find((q) => q.code === code); if (!p) throw bad(`The LINE at DXF line ${e.line} lacks group code ${code}`, { line: e.line }); return number(p); };
      points = [[get(10), get(20)], [get(11), get(21)]];
      z = [optional(e, 30), optional(e, 31)];
    } else if (e.type === 'LWPOLYLINE') {
      points = vertices(e);
      elevation = optional(e, 38);
      closed = (flags(e) & 1) === 1;
    } else if (e.type === 'POLYLINE') {
      const f = flags(e);
      if (f & (16 | 64)) throw bad(`The POLYLINE at DXF line ${e.line} is a mesh (flags ${f}), not a line`, { line: e.line });
      closed = (f & 1) === 1;
      points = [];
      elevation = optional(e, 30);
      // Its VERTEX entities follow up to SEQEND; spline frame control points (VERTEX flag 16) are not on the line.
      while (k + 1 < all.length && all[k + 1]!.type === 'VERTEX') {
        const v = all[++k]!;
        if (flags(v) & 16) continue;
        points.push(...vertices(v));
        z.push(...zValues(v));
      }
      if (all[k + 1]?.type === 'SEQEND') k++;
    } else {
      continue;
    }
    const pointer = `/dxf/${e.line}`;
    const branza = branzaOfLayer(e.layer);
    if (!branza) {
      throw bad(`The ${e.type} at DXF line ${e.line} is on layer "${e.layer.slice(0, 60)}", which names no network branch: put each branch on its own layer named by its GESUT code (${BRANZE.map((b) => `${b.code} ${b.pl}`).join(', ')}) or Polish name`, { pointer: `${pointer}/layer`, layer: e.layer.slice(0, 60) });
    }
    if (features.length >= DESIGN_LIMITS.features) {
      throw new HttpProblem(400, 'Bad Request', `Too many lines in the DXF: more than ${DESIGN_LIMITS.features} per check`, { pointer: '/dxf', limit: DESIGN_LIMITS.features });
    }
    if (points.length > DESIGN_LIMITS.verticesPerFeature) {
      throw new HttpProblem(400, 'Bad Request', `The ${e.type} at DXF line ${e.line} has ${points.length} vertices; at most ${DESIGN_LIMITS.verticesPerFeature} per line`, { pointer, limit: DESIGN_LIMITS.verticesPerFeature });
    }
    const vertexDepths: (number | null)[] = [];
    const parts = [part(points, closed, pointer, e.line, z, vertexDepths)];
    const depths = { vertices: [vertexDepths], glebokosc: readDepth(elevation, `${pointer}/elevation`, { z: true }) };
    features.push({
      index: features.length, branza, srednica: null, parts,
      label: `${e.layer.slice(0, 60)}${e.handle ? `#${e.handle.slice(0, 16)}` : ''}`, ...(hasDepths(depths) ? { depths } : {}),
    });
  }
  if (features.length === 0) throw bad('The DXF has no LINE, LWPOLYLINE or POLYLINE entities in its ENTITIES section');
  checkLimits(features);
  return features;
}
