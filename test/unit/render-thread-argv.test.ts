// The options a render thread inherits (server/render/render-pool.ts): a server started with a V8 or process-wide
// option must still be able to start its render threads (new Worker refuses those options, and every map failed).
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { threadSafeExecArgv } from '../../server/render/render-pool.ts';

describe('render thread execArgv', () => {
  it('keeps loaders, conditions and profiling, and drops V8 and process options', () => {
    expect(threadSafeExecArgv(['--max-old-space-size=2048', '--import', 'tsx', '--max-semi-space-size=64', '--title', 'sip',
      '--enable-source-maps', '--conditions=production', '-r', './x.cjs', '--cpu-prof', '--cpu-prof-dir=/tmp/p', '--stack-size=2000']))
      .toEqual(['--import', 'tsx', '--enable-source-maps', '--conditions=production', '-r', './x.cjs', '--cpu-prof', '--cpu-prof-dir=/tmp/p']);
  });

  it('gives new Worker nothing it refuses', async () => {
    const argv = threadSafeExecArgv(['--max-old-space-size=2048', '--max-semi-space-size=64', '--enable-source-maps']);
    const w = new Worker('require("node:worker_threads").parentPort.postMessage(1)', { eval: true, execArgv: argv });
    await expect(new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); })).resolves.toBe(1);
    await w.terminate();
    expect(() => new Worker('0', { eval: true, execArgv: ['--max-semi-space-size=64'] })).toThrow(/invalid execArgv/);
  });
});
