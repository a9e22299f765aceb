/** Settings: Confirmation tokens for external and destructive tools. */
import type { Setting } from './setting.js';

export const CONFIRMATION_SETTINGS: readonly Setting[] = [
  {
    env: 'MCP_CONFIRMATION_KEY',
    kind: 'string',
    secret: true,
    group: 'Confirmations',
    description:
      'Key (≥ 32 characters) that signs confirmation tokens and request states. Default: random per process. Set the same on every replica. Several keys, separated by commas or line breaks, rotate a key: the first signs, all are accepted.',
  },
  {
    env: 'MCP_CONFIRMATION_STORE_URL',
    kind: 'string',
    secret: true,
    group: 'Confirmations',
    description:
      'Redis that remembers used confirmations for every replica (`redis://[[user]:password@]host[:port][/db]`, `rediss://` for TLS), so each is used once across all of them. Default: in memory, per process. When Redis cannot be reached, confirmations are refused.',
  },
  {
    env: 'MCP_CONFIRMATION_TTL_SECONDS',
    flag: '--confirmation-ttl',
    kind: 'integer',
    min: 30,
    max: 3600,
    default: '300',
    group: 'Confirmations',
    description: 'Lifetime of a confirmation token, in seconds ({range}).',
  },
];
