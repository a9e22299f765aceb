/** The audit file: MCP_AUDIT_FILE and the key that signs its lines, both or neither. */
import type { Reader } from './reader.js';
import type { Config } from './types.js';

export function parseAudit(r: Reader): Config['audit'] {
  const file = r.str('MCP_AUDIT_FILE');
  const key = r.str('MCP_AUDIT_KEY');
  if (file !== undefined && key === undefined)
    r.problems.push(
      'MCP_AUDIT_FILE needs MCP_AUDIT_KEY (or MCP_AUDIT_KEY_FILE): at least 32 random characters that sign its lines, e.g. from `openssl rand -hex 32`.',
    );
  if (key !== undefined && key.length < 32)
    r.problems.push(
      'MCP_AUDIT_KEY is too short. Use at least 32 random characters, e.g. from `openssl rand -hex 32`.',
    );
  return file !== undefined && key !== undefined ? { file, key } : undefined;
}
