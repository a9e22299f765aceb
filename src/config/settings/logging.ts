/** Settings: Logs and the audit file. */
import type { Setting } from './setting.js';

export const LOGGING_SETTINGS: readonly Setting[] = [
  {
    env: 'MCP_AUDIT_FILE',
    flag: '--audit-file',
    kind: 'string',
    group: 'Logging',
    description:
      'Also append every audit event to this file (created with mode 0600), as a chain of signed JSON lines: an edited, inserted, removed or reordered line is detected by `zammad-mcp audit-verify <file>`. Needs `MCP_AUDIT_KEY`. One file per process.',
  },
  {
    env: 'MCP_AUDIT_KEY',
    kind: 'string',
    secret: true,
    group: 'Logging',
    description:
      'Key (≥ 32 characters) that signs the lines of `MCP_AUDIT_FILE`; `audit-verify` needs the same.',
  },
  {
    env: 'MCP_LOG_LEVEL',
    flag: '--log-level',
    kind: 'enum',
    values: ['debug', 'info', 'warn', 'error'],
    default: 'info',
    group: 'Logging',
    description: 'Log level. Logs are JSON lines on stderr; ticket text is logged only at `debug`.',
  },
];
