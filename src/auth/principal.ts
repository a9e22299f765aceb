/**
 * Who is calling over HTTP. The id is what audit lines and confirmation tokens are bound to;
 * `name` is the API-key name or JWT subject that identity mappings are keyed by.
 */
import type { Risk } from '../policy/risk.js';

export interface Principal {
  /** `key:<name>`, `oauth:<subject>` or `local` (authentication disabled). */
  id: string;
  name: string;
  method: 'api-key' | 'jwt' | 'none';
  /** The tool risks this principal may use (its scopes); the server policy applies on top. */
  risks: ReadonlySet<Risk>;
  /** OAuth scopes presented (JWT), for step-up challenges. */
  scopes: readonly string[];
  /** A JWT's string and string-list claims (policy rules `claim:<name>=<value>` match them). */
  claims?: Readonly<Record<string, string | readonly string[]>>;
}
