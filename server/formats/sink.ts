// The sink the writers in formats/ write to: an async function taking text, which resolves when the receiver can
// take more (backpressure). Owned here so that the writers depend on nothing of HTTP; http/sink.ts adapts an
// Express response (or any Writable) to it.
export type Sink = (chunk: string) => Promise<void>;

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
