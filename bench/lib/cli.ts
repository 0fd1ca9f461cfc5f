// Flags (--name=value or --name value) and BENCH_<NAME> variables of bench:wms and bench:tiles; the flags win.
// The argv syntax is bench:wfs's (options.ts).
import { parseArgv } from './options.ts';

export interface OptionReader {
  flags: Map<string, string>;
  help: boolean;
  str(name: string, fallback: string): string;
  optional(name: string): string | undefined;
  num(name: string, fallback: number, min: number): number;
  bool(name: string): boolean;
  list(name: string, fallback: string): string[];
  ints(name: string, fallback: string): number[];
}

export function optionReader(argv: string[], env: NodeJS.ProcessEnv, known: readonly string[], usage: string): OptionReader {
  const flags = parseArgv(argv, usage);
  const help = flags.has('help') || flags.has('h');
  for (const k of flags.keys()) if (!help && !known.includes(k) && k !== 'database-url') throw new Error(`unknown option --${k}\n\n${usage}`);
  const get = (name: string): string | undefined => flags.get(name) ?? env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const list = (name: string, fallback: string) => (get(name) || fallback).split(',').map((s) => s.trim()).filter(Boolean);
  return {
    flags, help,
    str: (name, fallback) => get(name) || fallback,
    optional: (name) => get(name) || undefined,
    num: (name, fallback, min) => {
      const v = get(name);
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${v}"`);
      return n;
    },
    bool: (name) => ['1', 'true', 'yes', 'on'].includes((get(name) ?? '').toLowerCase()),
    list,
    ints: (name, fallback) => {
      const v = list(name, fallback).map(Number);
      if (v.some((c) => !Number.isInteger(c) || c < 1)) throw new Error(`--${name} must be a list of positive integers`);
      return v;
    },
  };
}
