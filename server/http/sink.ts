// Writing a streamed body with backpressure: a slow client slows the database cursor, not memory. The Sink type
// and its buffer belong to the writers (formats/sink.ts); this adapts a Writable (a response, a file) to it.
import type { Writable } from 'node:stream';
import type { Sink } from '../formats/sink.ts';

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
