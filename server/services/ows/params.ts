// KVP request parameters: names are case-insensitive, values percent-decoded with + as a space.
import { OwsException } from '../../errors/service-error.ts';

export class Kvp {
  private readonly map = new Map<string, string>();

  constructor(query: string) {
    for (const [k, v] of new URLSearchParams(query)) {
      const key = k.toUpperCase();
      // The first occurrence wins, as in most OGC servers.
      if (!this.map.has(key)) this.map.set(key, v);
    }
  }

  static fromUrl(url: string): Kvp {
    const q = url.indexOf('?');
    return new Kvp(q < 0 ? '' : url.slice(q + 1));
  }

  get(name: string): string | undefined {
    const v = this.map.get(name.toUpperCase());
    return v === undefined ? undefined : v;
  }

  has(name: string): boolean { return this.map.has(name.toUpperCase()); }

  /** A value that must be present and non-empty. */
  required(name: string): string {
    const v = this.get(name)?.trim();
    if (!v) throw new OwsException('MissingParameterValue', `Parameter ${name} is required`, name);
    return v;
  }

  /** The first present of several alternative names (TYPENAMES/TYPENAME …). */
  first(...names: string[]): string | undefined {
    for (const n of names) {
      const v = this.get(n);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** A non-negative integer parameter. */
  integer(name: string, options: { min?: number; max?: number } = {}): number | undefined {
    const raw = this.get(name)?.trim();
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d+$/.test(raw)) throw new OwsException('InvalidParameterValue', `${name} must be a non-negative integer, got "${raw}"`, name);
    const n = Number(raw);
    if (options.min !== undefined && n < options.min) throw new OwsException('InvalidParameterValue', `${name} must be at least ${options.min}`, name);
    if (options.max !== undefined && n > options.max) return options.max;
    return n;
  }
}

/** Splits a comma list, dropping empty items. */
export function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Splits a parenthesised list "(a,b)(c)" into groups; a value without parentheses is one group. */
export function groups(value: string | undefined): string[] {
  if (!value) return [];
  const v = value.trim();
  if (!v.startsWith('(')) return [v];
  const out: string[] = [];
  let depth = 0, start = -1;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '(') { if (depth++ === 0) start = i + 1; }
    else if (c === ')') { if (--depth === 0) out.push(v.slice(start, i)); }
  }
  return out;
}
