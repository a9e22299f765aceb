import { readFileSync } from 'node:fs';

/** Resident memory of a live process (MB), from /proc; NaN without a pid. */
export function rssMb(pid: number | null | undefined): number {
  const status = pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}
