// The label font. Skia finds system fonts through fontconfig; DejaVu Sans (Debian's fonts-dejavu-core,
// installed by scripts/setup-debian.sh) covers Polish letters and is the same on every machine, so labels
// measure and look the same in tests and in production.
import { existsSync } from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';

export const FONT_FAMILY = '"DejaVu Sans", "Liberation Sans", "Noto Sans", sans-serif';

const KNOWN_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf',
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
