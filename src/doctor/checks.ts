/**
 * The checks of `zammad-mcp doctor` and of the start-up check: one line each, pass / warn / fail,
 * and a fix for every warning and failure.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface Check {
  /** A short name: configuration, reachability, tls, zammad, token, permissions, … */
  name: string;
  status: CheckStatus;
  /** What was found, in one sentence. Never a secret. */
  found: string;
  /** What to do about it; every warn and fail has one. */
  fix?: string;
}

export const pass = (name: string, found: string): Check => ({ name, status: 'pass', found });
/** A warning; `fix` may be left out only when `found` itself says what to do. */
export const warn = (name: string, found: string, fix?: string): Check => ({
  name,
  status: 'warn',
  found,
  ...(fix ? { fix } : {}),
});
export const fail = (name: string, found: string, fix: string): Check => ({
  name,
  status: 'fail',
  found,
  fix,
});

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

/** One line: `FAIL  token          Zammad refused the token (401). Fix: …`. */
export function formatCheck(c: Check): string {
  return `${LABEL[c.status]}  ${c.name.padEnd(14)} ${c.found}${c.fix ? ` Fix: ${c.fix}` : ''}`;
}

/** 1 when any check failed, else 0 (warnings do not fail). */
export function exitCodeOf(checks: readonly Check[]): 0 | 1 {
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}
