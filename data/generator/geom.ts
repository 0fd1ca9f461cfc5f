// Planar geometry on integer millimetres. Working in integers means that two
// polygons built from the same coordinate values meet exactly (no float slivers),
// and EWKT output is exact to 3 decimals without rounding surprises.

export type Pt = readonly [number, number];
/** A ring without the closing point repeated. Exterior rings are counter-clockwise. */
export type Ring = Pt[];

export const M = 1000; // millimetres per metre

/** metres → integer millimetres, snapped to a grid step in mm (default 10 mm = cm). */
export function mm(metres: number, step = 10): number {
  return Math.round((metres * M) / step) * step;
}

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function rect(x0: number, y0: number, x1: number, y1: number): Rect {
  if (!(x1 > x0 && y1 > y0)) throw new Error(`degenerate rect ${x0} ${y0} ${x1} ${y1}`);
  return { x0, y0, x1, y1 };
}

export function rectRing(r: Rect): Ring {
  return [
    [r.x0, r.y0],
    [r.x1, r.y0],
    [r.x1, r.y1],
    [r.x0, r.y1],
  ];
}

/** Signed area in mm² (positive for counter-clockwise). */
export function signedArea(ring: readonly Pt[]): number {
  // relative to the first vertex: products of raw EPSG:2177 mm values exceed 2^53
  let s = 0;
  const n = ring.length;
  const [ox, oy] = ring[0] as Pt;
  for (let i = 1; i < n - 1; i++) {
    const a = ring[i] as Pt;
    const b = ring[i + 1] as Pt;
    s += (a[0] - ox) * (b[1] - oy) - (b[0] - ox) * (a[1] - oy);
  }
  return s / 2;
}

/** Area in m² of a polygon given as rings (first exterior, rest holes). */
export function polygonAreaM2(rings: readonly (readonly Pt[])[]): number {
  let a = 0;
  rings.forEach((r, i) => {
    const s = Math.abs(signedArea(r));
    a += i === 0 ? s : -s;
  });
  return a / (M * M);
}

export function ringBBox(ring: readonly Pt[]): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of ring) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return { x0, y0, x1, y1 };
}

export function ringCentroid(ring: readonly Pt[]): Pt {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const n = ring.length;
  const ox = (ring[0] as Pt)[0];
  const oy = (ring[0] as Pt)[1];
  for (let i = 0; i < n; i++) {
    const p = ring[i] as Pt;
    const q = ring[(i + 1) % n] as Pt;
    const px = p[0] - ox;
    const py = p[1] - oy;
    const qx = q[0] - ox;
    const qy = q[1] - oy;
    const f = px * qy - qx * py;
    a += f;
    cx += (px + qx) * f;
    cy += (py + qy) * f;
  }
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}

/** Even-odd point in ring (boundary points may go either way). */
export function pointInRing(x: number, y: number, ring: readonly Pt[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i] as Pt;
    const [xj, yj] = ring[j] as Pt;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Strictly inside a rect, with a margin (mm). */
export function inRect(x: number, y: number, r: Rect, margin = 0): boolean {
  return x > r.x0 + margin && x < r.x1 - margin && y > r.y0 + margin && y < r.y1 - margin;
}

export function rectsOverlap(a: Rect, b: Rect, margin = 0): boolean {
  return a.x0 < b.x1 + margin && b.x0 < a.x1 + margin && a.y0 < b.y1 + margin && b.y0 < a.y1 + margin;
}

// ---------------------------------------------------------------------------
// Noding. Neighbouring polygons of a coverage (parcels, land-use contours) must
// share vertices along common edges, not just lie on each other's edges, so that
// coverage/topology validators accept them. All shared edges that can carry
// "foreign" vertices are axis-parallel, so exact integer comparison suffices:
// for every axis-parallel edge we insert the known vertices that lie strictly
// between its end points. Slanted edges (river banks) are built identically on
// both sides and need no noding.

export class VertexIndex {
  private byX = new Map<number, number[]>();
  private byY = new Map<number, number[]>();
  private sorted = true;

  addPoint(x: number, y: number): void {
    let a = this.byX.get(x);
    if (!a) this.byX.set(x, (a = []));
    a.push(y);
    let b = this.byY.get(y);
    if (!b) this.byY.set(y, (b = []));
    b.push(x);
    this.sorted = false;
  }

  addRing(ring: readonly Pt[]): void {
    for (const [x, y] of ring) this.addPoint(x, y);
  }

  private sortAll(): void {
    const fix = (m: Map<number, number[]>): void => {
      for (const [k, v] of m) {
        v.sort((p, q) => p - q);
        let w = 0;
        for (let i = 0; i < v.length; i++) if (i === 0 || v[i] !== v[w - 1]) v[w++] = v[i] as number;
        v.length = w;
        m.set(k, v);
      }
    };
    fix(this.byX);
    fix(this.byY);
    this.sorted = true;
  }

  /** Values in the sorted list strictly between a and b, ordered from a towards b. */
  private between(list: number[] | undefined, a: number, b: number): number[] {
    if (!list) return [];
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    // binary search first index > lo
    let l = 0;
    let h = list.length;
    while (l < h) {
      const m = (l + h) >> 1;
      if ((list[m] as number) <= lo) l = m + 1;
      else h = m;
    }
    const out: number[] = [];
    for (let i = l; i < list.length && (list[i] as number) < hi; i++) out.push(list[i] as number);
    if (a > b) out.reverse();
    return out;
  }

  nodeRing(ring: readonly Pt[]): Ring {
    if (!this.sorted) this.sortAll();
    const out: Ring = [];
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const a = ring[i] as Pt;
      const b = ring[(i + 1) % n] as Pt;
      out.push(a);
      if (a[0] === b[0]) {
        for (const y of this.between(this.byX.get(a[0]), a[1], b[1])) out.push([a[0], y]);
      } else if (a[1] === b[1]) {
        for (const x of this.between(this.byY.get(a[1]), a[0], b[0])) out.push([x, a[1]]);
      }
    }
    return out;
  }
}

// ---------------------------------------------------------------------------
// EWKT (EPSG:2177). Coordinates are non-negative integers in mm.

export function fmtCoord(v: number): string {
  const i = Math.trunc(v / M);
  const f = v - i * M;
  return `${i}.${f < 10 ? '00' : f < 100 ? '0' : ''}${f}`;
}

function ringText(ring: readonly Pt[]): string {
  const parts: string[] = [];
  for (const [x, y] of ring) parts.push(`${fmtCoord(x)} ${fmtCoord(y)}`);
  const first = ring[0] as Pt;
  parts.push(`${fmtCoord(first[0])} ${fmtCoord(first[1])}`);
  return `(${parts.join(',')})`;
}

export const SRID = 2177;

export function ewktMultiPolygon(polys: readonly (readonly (readonly Pt[])[])[]): string {
  return `SRID=${SRID};MULTIPOLYGON(${polys.map((rings) => `(${rings.map(ringText).join(',')})`).join(',')})`;
}

export function ewktPolygon(rings: readonly (readonly Pt[])[]): string {
  return `SRID=${SRID};POLYGON(${rings.map(ringText).join(',')})`;
}

export function ewktLine(pts: readonly Pt[]): string {
  return `SRID=${SRID};LINESTRING(${pts.map(([x, y]) => `${fmtCoord(x)} ${fmtCoord(y)}`).join(',')})`;
}

export function ewktPoint(p: Pt): string {
  return `SRID=${SRID};POINT(${fmtCoord(p[0])} ${fmtCoord(p[1])})`;
}

// ---------------------------------------------------------------------------
// Local frame of a rectangular plot: u runs along the street frontage, v is the
// depth measured from the street line into the plot. The four mappings are
// rotations, so counter-clockwise local rings stay counter-clockwise.

export type FrontSide = 'N' | 'S' | 'E' | 'W';

export class Frame {
  readonly r: Rect;
  readonly side: FrontSide;
  /** frontage length and depth, mm */
  readonly W: number;
  readonly D: number;

  constructor(r: Rect, side: FrontSide) {
    this.r = r;
    this.side = side;
    const w = r.x1 - r.x0;
    const h = r.y1 - r.y0;
    this.W = side === 'N' || side === 'S' ? w : h;
    this.D = side === 'N' || side === 'S' ? h : w;
  }

  g(u: number, v: number): Pt {
    const r = this.r;
    switch (this.side) {
      case 'S': return [r.x0 + u, r.y0 + v];
      case 'N': return [r.x1 - u, r.y1 - v];
      case 'W': return [r.x0 + v, r.y1 - u];
      case 'E': return [r.x1 - v, r.y0 + u];
    }
  }

  /** Global rect of a local box. */
  box(u0: number, v0: number, u1: number, v1: number): Rect {
    const [ax, ay] = this.g(u0, v0);
    const [bx, by] = this.g(u1, v1);
    return rect(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }

  /** Global ring of a local counter-clockwise polygon. */
  poly(pts: ReadonlyArray<readonly [number, number]>): Ring {
    return pts.map(([u, v]) => this.g(u, v));
  }

  /** Global coordinate of the line v = const (y for N/S frames, x for E/W). */
  across(v: number): number {
    const p = this.g(0, v);
    return this.side === 'N' || this.side === 'S' ? p[1] : p[0];
  }

  /** Global interval along the street of local [u0, u1]. */
  along(u0: number, u1: number): [number, number] {
    const a = this.g(u0, 0);
    const b = this.g(u1, 0);
    const i = this.side === 'N' || this.side === 'S' ? 0 : 1;
    return [Math.min(a[i], b[i]), Math.max(a[i], b[i])];
  }
}
