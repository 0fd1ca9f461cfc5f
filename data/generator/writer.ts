// Output: one gzip file per table in PostgreSQL COPY text format (tab separated,
// \N for NULL, backslash escapes, no header), written incrementally with
// back-pressure so memory stays bounded at any scale; plus manifest.json.

import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createGzip, constants, type Gzip, type ZlibOptions } from 'node:zlib';

export type Cell = string | number | null;

/** Escape a value for COPY … FROM (text format). */
export function copyText(v: Cell): string {
  if (v === null) return '\\N';
  const s = typeof v === 'number' ? String(v) : v;
  if (!/[\\\t\n\r]/.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const CHUNK = 1 << 20;

export class TableWriter {
  readonly table: string;
  readonly file: string;
  readonly columns: readonly string[];
  rows = 0;
  private readonly gz: Gzip;
  private readonly out: WriteStream;
  private parts: string[] = [];
  private size = 0;

  constructor(dir: string, table: string, columns: readonly string[]) {
    this.table = table;
    this.file = `${table}.tsv.gz`;
    this.columns = columns;
    // gzip headers from Node carry no timestamp, so equal input gives equal bytes
    // highWaterMark is a stream option zlib passes through; a large buffer lets the
    // compression threads run while the next rows are generated
    const opts: ZlibOptions & { highWaterMark: number } = { level: 6, strategy: constants.Z_DEFAULT_STRATEGY, chunkSize: 256 * 1024, highWaterMark: 8 * CHUNK };
    this.gz = createGzip(opts);
    this.out = createWriteStream(join(dir, this.file));
    this.gz.pipe(this.out);
  }

  row(cells: readonly Cell[]): void {
    if (cells.length !== this.columns.length) throw new Error(`${this.table}: ${cells.length} values for ${this.columns.length} columns`);
    const line = cells.map(copyText).join('\t') + '\n';
    this.parts.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size >= CHUNK) this.push();
  }

  private push(): void {
    if (!this.parts.length) return;
    this.gz.write(Buffer.from(this.parts.join(''), 'utf8'));
    this.parts = [];
    this.size = 0;
  }

  /** Hand buffered rows to gzip and wait if its buffer is full. */
  async drain(): Promise<void> {
    this.push();
    // writableNeedDrain, not a remembered flag: the event may already have fired
    // while another table was being awaited
    if (this.gz.writableNeedDrain) await once(this.gz, 'drain');
  }

  async close(): Promise<void> {
    this.push();
    this.gz.end();
    await once(this.out, 'close');
  }
}
