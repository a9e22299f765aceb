/** Settings: How start-up treats the environment itself. */
import type { Setting } from './setting.js';

export const STARTUP_SETTINGS: readonly Setting[] = [
  {
    env: 'MCP_EXTRA_ENV',
    kind: 'list',
    group: 'Start-up',
    description:
      'Comma list of `MCP_…`/`ZAMMAD_…` environment variables that are deliberately set for something else. Any other variable with those prefixes that the server does not know stops start-up with a "did you mean …", so a typo on a security switch (`MCP_DENIED_TOOL`) is never silently ignored.',
  },
];
