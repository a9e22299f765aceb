/**
 * A soak of mixed calls against the stdio server with the documented launch, CI size (5,000
 * calls; `npm run chaos` runs 20,000): it fails on a crash, a hang, a non-JSON stdout line, an
 * internal error or a failed read; resident memory and latencies are printed, not asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { soak } from './chaos/soak.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ tickets: 60 });
});
afterAll(() => sb?.close());

describe('soak', () => {
  it(
    '5,000 mixed calls: every one answered, nothing but JSON-RPC on stdout',
    { timeout: 180_000 },
    async () => {
      const f = await soak({ sb, calls: 5_000, every: 2_500 });
      console.log('chaos soak', {
        ...f,
        rss: f.rss.map((r) => `${r.at}: ${r.mb.toFixed(1)} MB`).join(', '),
        problems: f.problems.length,
      });
      expect(f.problems).toEqual([]);
      expect(f).toMatchObject({
        calls: 5_000,
        crashes: 0,
        hangs: 0,
        nonJsonLines: 0,
        internalErrors: 0,
        failedReads: 0,
      });
      expect(f.rss.map((r) => r.at)).toEqual([0, 2_500, 5_000]);
    },
  );
});
