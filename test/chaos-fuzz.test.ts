/**
 * JSON-RPC fuzzing over stdio and HTTP, CI size (5,500 cases; `npm run chaos` runs more): no
 * crash, no hang (a due answer missing after 10 s), nothing but JSON-RPC on stdout, no -32603 or
 * raw validation dump for a client's mistake, the server answering after every batch, and no
 * unauthenticated request reaching Zammad. The seed is printed: CHAOS_SEED=<seed> replays a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { fuzzStdio } from './chaos/fuzz.js';
import { fuzzHttp } from './chaos/fuzz-http.js';
import { FIXED_SEED, seedFrom } from './chaos/seed.js';

const SEED = seedFrom(process.env, FIXED_SEED);
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ tickets: 60 });
});
afterAll(() => sb?.close());

describe(`JSON-RPC fuzzing (seed ${SEED})`, () => {
  it(
    'stdio: 4,000 hostile lines, answered, the server alive after each batch',
    { timeout: 120_000 },
    async () => {
      const f = await fuzzStdio({ sb, seed: SEED, count: 4_000 });
      console.log(`chaos fuzz stdio seed=${SEED}`, { ...f, problems: f.problems.length });
      expect(f.problems).toEqual([]);
      expect(f).toMatchObject({
        cases: 4_000,
        crashes: 0,
        hangs: 0,
        nonJsonLines: 0,
        internalErrors: 0,
        dumps: 0,
        deadBatches: 0,
      });
      expect(f.answered).toBe(f.due);
    },
  );

  it(
    'HTTP: 1,500 hostile requests, 150 of them unauthenticated, never a 500',
    { timeout: 120_000 },
    async () => {
      const f = await fuzzHttp({ sb, seed: SEED, count: 1_500, unauthenticated: 150 });
      console.log(`chaos fuzz http seed=${SEED}`, { ...f, problems: f.problems.length });
      expect(f.problems).toEqual([]);
      expect(f).toMatchObject({
        cases: 1_500,
        crashes: 0,
        hangs: 0,
        nonJsonLines: 0,
        internalErrors: 0,
        dumps: 0,
        serverErrors: 0,
        unauthenticatedUpstream: 0,
        deadBatches: 0,
      });
    },
  );
});
