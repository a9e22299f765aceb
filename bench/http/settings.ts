/** The knobs of `npm run bench:http`, from the environment. */
import { distCli } from '../lib/paths.js';

// BENCH_CLI: measure another build of the server (e.g. a patched copy).
export const CLI = process.env.BENCH_CLI ?? distCli;
export const ONLY = process.env.BENCH_ONLY; // 'throughput' | 'memory'
/** Seconds of load per point, per side (in one-second slices). */
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
/** Sessions opened and abandoned by the memory figures. */
export const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000);
