// The label font: DejaVu Sans covers Polish letters. It ships with the npm package dejavu-fonts-ttf, so labels
// measure and look the same on every machine, with or without Debian's fonts-dejavu-core.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

export const FONT_FAMILY = '"DejaVu Sans", "Liberation Sans", "Noto Sans", sans-serif';

function packagedFontDir(): string | undefined {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  } catch {
    return undefined;
  }
}

const PACKAGED = packagedFontDir();

const KNOWN_FILES = [
  ...(PACKAGED ? ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'].map((f) => path.join(PACKAGED, f)) : []),
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf',
];

let checked = false;

/** Makes sure the label font is registered (once); false when only a fallback font is available. */
export function ensureFonts(): boolean {
  if (!checked) {
    checked = true;
    if (!GlobalFonts.has('DejaVu Sans')) for (const f of KNOWN_FILES) if (existsSync(f)) GlobalFonts.registerFromPath(f, 'DejaVu Sans');
  }
  return GlobalFonts.has('DejaVu Sans');
}
