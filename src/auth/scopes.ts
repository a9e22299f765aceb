/**
 * OAuth scopes ↔ tool risks. A principal may call (and sees in tools/list) exactly the tools whose
 * risk one of its scopes grants; the server's own policy ceiling applies on top.
 */
import { RISKS, type Risk } from '../policy/risk.js';

export { isRisk } from '../policy/risk.js';

export const SCOPE_OF: Readonly<Record<Risk, string>> = {
  read: 'zammad:read',
  write: 'zammad:write',
  external: 'zammad:external',
  destructive: 'zammad:destructive',
};

export const ALL_SCOPES: readonly string[] = RISKS.map((r) => SCOPE_OF[r]);

/** The risks a set of OAuth scopes grants (unknown scopes are ignored). */
export function risksOfScopes(scopes: readonly string[]): Risk[] {
  return RISKS.filter((r) => scopes.includes(SCOPE_OF[r]));
}

/** The scopes of a set of risks, in the fixed order. */
export function scopesOfRisks(risks: Iterable<Risk>): string[] {
  const set = new Set(risks);
  return RISKS.filter((r) => set.has(r)).map((r) => SCOPE_OF[r]);
}
