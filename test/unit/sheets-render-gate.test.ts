// The gate in front of map-sheet drawing: a bounded number at once, a bounded queue, 503 beyond it.
import { describe, expect, it } from 'vitest';
import { RenderGate } from '../../server/services/downloads/router.ts';
import { HttpProblem } from '../../server/errors/service-error.ts';

describe('map sheet render gate', () => {
  it('runs at most `limit` at once, queues a few, refuses the rest, and lets the queued ones run in order', async () => {
    const gate = new RenderGate(1, 1);
    const order: string[] = [];
    let release!: () => void;
    const first = gate.run(() => new Promise<string>((r) => { release = () => r('a'); order.push('a'); }));
    const second = gate.run(async () => { order.push('b'); return 'b'; });
    await expect(gate.run(async () => 'c')).rejects.toSatisfy((e) => e instanceof HttpProblem && e.status === 503);
    expect(order).toEqual(['a']);
    release();
    expect(await first).toBe('a');
    expect(await second).toBe('b');
    expect(order).toEqual(['a', 'b']);
    // Free again: a new one runs at once.
    expect(await gate.run(async () => 'd')).toBe('d');
  });

  it('frees its place when the work fails', async () => {
    const gate = new RenderGate(1, 0);
    await expect(gate.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await gate.run(async () => 'ok')).toBe('ok');
  });
});
