// Command line: npx tsx data/generator/cli.ts [--seed 42] [--scale district|city|<n>]
//   [--out DIR] [--no-rasters] [--raster-res METRES] [--quiet]
// district (default) → data/sample, 2 km × 2 km; city → var/city, 16 km × 16 km.

import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeConfig } from './config.ts';
import { generate } from './generate.ts';

function parse(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (v !== undefined) out[k] = v;
    else if (i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--')) out[k] = argv[++i] as string;
    else out[k] = true;
  }
  return out;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args.help || args.h) {
    console.log('usage: npx tsx data/generator/cli.ts [--seed 42] [--scale district|city|<multiplier>] [--out DIR] [--no-rasters] [--raster-res M] [--quiet]');
    return;
  }
  const seed = args.seed === undefined ? 42 : Number(args.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error('--seed must be a non-negative 32-bit integer');
  const scale = typeof args.scale === 'string' ? args.scale : 'district';
  const out = typeof args.out === 'string' ? args.out : scale === 'district' ? 'data/sample' : scale === 'city' ? 'var/city' : `var/scale-${scale}`;
  const rasterRes = args['no-rasters'] ? null : typeof args['raster-res'] === 'string' ? Number(args['raster-res']) : undefined;
  if (typeof rasterRes === 'number' && !(rasterRes > 0)) throw new Error('--raster-res must be positive');
  const cfg = makeConfig(seed, scale, rasterRes);
  const quiet = Boolean(args.quiet);
  const log = (s: string): void => {
    if (!quiet) console.error(s);
  };
  log(`generating seed=${seed} scale=${scale} (${(cfg.bbox.x1 - cfg.bbox.x0) / 1e6} km side) → ${out}`);
  const st = await generate(cfg, out, log);
  const width = Math.max(...Object.keys(st.rows).map((k) => k.length));
  for (const [t, n] of Object.entries(st.rows)) console.log(`${t.padEnd(width)}  ${String(n).padStart(9)}`);
  let bytes = 0;
  for (const f of readdirSync(out)) bytes += statSync(join(out, f)).size;
  console.log(`utility lines: ${st.utilityKm.toFixed(1)} km; files: ${(bytes / 1e6).toFixed(1)} MB; ${st.seconds.toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});
