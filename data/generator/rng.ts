// Deterministic pseudo-random numbers. Every generated object draws from a stream
// keyed by (seed, object key), so the output does not depend on processing order
// and the whole run is reproducible byte for byte. Math.random is never used.

/** 32-bit FNV-1a over the parts, finished with a murmur3 mix for avalanche. */
export function hash32(...parts: ReadonlyArray<number | string>): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const s = typeof p === 'number' ? numKey(p) : p;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // part separator, so ('ab','c') differs from ('a','bc')
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function numKey(n: number): string {
  return Number.isInteger(n) ? n.toString(36) : n.toString();
}

/** Uniform hash in [0, 1) — for stateless per-position decisions (noise lattices). */
export function hashUnit(...parts: ReadonlyArray<number | string>): number {
  return hash32(...parts) / 4294967296;
}

/** sfc32: small, fast, good statistical quality, 32-bit integer arithmetic only. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 expands one word into the four state words
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** float in [lo, hi) */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** integer in [lo, hi] inclusive */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Pick by weight; weights need not sum to 1. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error('weighted pick from empty list');
    return last[0];
  }

  /** Approximately normal (sum of uniforms), clamped to ±3 sd. */
  normal(mean: number, sd: number): number {
    const z = this.next() + this.next() + this.next() + this.next() - 2; // var 1/3
    return mean + sd * Math.max(-3, Math.min(3, z * 1.7320508));
  }
}

/** An independent stream for one object: (run seed, kind, indices…). */
export function rngFor(seed: number, ...key: ReadonlyArray<number | string>): Rng {
  return new Rng(hash32(seed, ...key));
}

/** Fast integer hash of (salt, a, b) → [0, 1); for noise lattices evaluated millions of times. */
export function hashInts(salt: number, a: number, b: number): number {
  let h = salt ^ Math.imul(a | 0, 0x27d4eb2d) ^ Math.imul(b | 0, 0x165667b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * Smooth 2-D value noise in [0, 1): hashed lattice values, quintic interpolation.
 * Stateless, so any tile can evaluate it without knowing its neighbours.
 * salt = hash32(seed, name) of the noise field.
 */
export function valueNoise(salt: number, x: number, y: number, cell: number): number {
  const gx = x / cell;
  const gy = y / cell;
  const ix = Math.floor(gx);
  const iy = Math.floor(gy);
  const fx = gx - ix;
  const fy = gy - iy;
  const sx = fx * fx * fx * (fx * (fx * 6 - 15) + 10);
  const sy = fy * fy * fy * (fy * (fy * 6 - 15) + 10);
  const v00 = hashInts(salt, ix, iy);
  const v10 = hashInts(salt, ix + 1, iy);
  const v01 = hashInts(salt, ix, iy + 1);
  const v11 = hashInts(salt, ix + 1, iy + 1);
  const a = v00 + (v10 - v00) * sx;
  const b = v01 + (v11 - v01) * sx;
  return a + (b - a) * sy;
}
