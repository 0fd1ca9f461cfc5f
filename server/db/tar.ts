// A minimal reader of tar archives (POSIX ustar, with GNU long names and pax `path` records), enough for the
// extension bundles PGlite ships (@electric-sql/pglite-postgis's postgis.tar.gz). Pure: bytes in, entries out.

export interface TarEntry { name: string; type: 'file' | 'directory' | 'other'; data: Uint8Array }

const BLOCK = 512;

function text(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
}

function octal(bytes: Uint8Array, start: number, length: number): number {
  const s = text(bytes, start, length).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

/** The `path` record of a pax extended header ("<len> path=<value>\n" records), if it has one. */
function paxPath(data: Uint8Array): string | undefined {
  const records = new TextDecoder().decode(data).split('\n');
  for (const r of records) {
    const m = /^\d+ path=(.*)$/.exec(r);
    if (m) return m[1];
  }
  return undefined;
}

/** Every entry of an uncompressed tar archive, in order; a truncated archive is an error, not a shorter list. */
export function readTar(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset < archive.length) {
    if (offset + BLOCK > archive.length) throw new Error('tar archive is truncated');
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    const size = octal(header, 124, 12);
    const flag = String.fromCharCode(header[156]!);
    const dataStart = offset + BLOCK;
    if (dataStart + size > archive.length) throw new Error('tar archive is truncated');
    const data = archive.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'L') { longName = text(data, 0, data.length); continue; }
    if (flag === 'x') { longName = paxPath(data) ?? longName; continue; }
    if (flag === 'g') continue;
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    const type = flag === '0' || flag === '\0' || flag === '7' ? 'file' : flag === '5' ? 'directory' : 'other';
    entries.push({ name: name.replace(/^\.\//, ''), type, data });
  }
  return entries;
}
