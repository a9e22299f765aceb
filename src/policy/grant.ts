/**
 * What one server may list and call: the enabled tools (the start-up selection, narrowed per
 * principal over HTTP) and whether `confirm_action` is listed. Decided here, once per tool list;
 * the server, the HTTP transport and the pipeline ask for it.
 */
import type { PolicyConfig } from '../config/index.js';
import { CONFIRM_ACTION } from './confirm-action-name.js';
import { isGated, type Confirm, type Risk } from './risk.js';
import { globToRegExp } from './select.js';

export interface Grantable {
  name: string;
  risk: Risk;
  confirm?: Confirm | undefined;
}

export interface Grant<T extends Grantable = Grantable> {
  tools: readonly T[];
  /** `confirm_action` redeems tokens of gated tools: listed only with one, and unless denied. */
  confirmAction: boolean;
  /** Every callable name, `confirm_action` included when listed. */
  names: ReadonlySet<string>;
  /** The granted tools that are confirmed before they run (the ones `confirm_action` may run). */
  gated: readonly T[];
}

export function grantOf<T extends Grantable>(
  tools: readonly T[],
  policy: Pick<PolicyConfig, 'deniedTools'>,
): Grant<T> {
  const denied = policy.deniedTools.some((p) => globToRegExp(p).test(CONFIRM_ACTION));
  const gated = tools.filter(isGated);
  const confirmAction = !denied && gated.length > 0;
  const names = new Set(tools.map((t) => t.name));
  if (confirmAction) names.add(CONFIRM_ACTION);
  return { tools, confirmAction, names, gated };
}
