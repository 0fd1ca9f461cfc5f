// Writing a streamed body with backpressure: a slow client slows the database cursor, not memory.
import type { Writable } from 'node:stream';

export type Sink = (chunk: string) => Promise<void>;

export function sinkTo(out: Writable): Sink {
  return async (chunk) => {
    if (chunk.length === 0) return;
    if (out.destroyed) throw new Error('client went away');
    if (!out.write(chunk)) await drained(out);
  };
}

/** Resolves on 'drain' or 'close', whichever comes first, and leaves no listener behind. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { out.off('drain', done); out.off('close', done); resolve(); };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** Collects chunks into a buffer; flushes when large so each socket write is worth it. */
export class ChunkBuffer {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly sink: Sink, private readonly flushAt = 64 * 1024) {}
  push = (chunk: string): void => { this.parts.push(chunk); this.size += chunk.length; };
  async maybeFlush(): Promise<void> { if (this.size >= this.flushAt) await this.flush(); }
  async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.sink(text);
  }
}
