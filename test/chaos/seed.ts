/**
 * The fuzzers' seed: CHAOS_SEED when set (to replay a run), otherwise a fixed one in the tests (the
 * same cases every run) and a fresh one in `npm run chaos`. It is always printed.
 */
export const FIXED_SEED = 20_261_206;

export function seedFrom(env: NodeJS.ProcessEnv, fallback: number): number {
  const s = env.CHAOS_SEED;
  if (s === undefined || s === '') return fallback;
  const n = Number(s);
  if (!Number.isSafeInteger(n))
    throw new Error(`CHAOS_SEED must be a whole number, not ${JSON.stringify(s)}`);
  return n;
}
