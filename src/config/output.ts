/** Output: the size budget of a tool result and what attachments may be returned. */
import type { Reader } from './reader.js';
import type { OutputConfig } from './types.js';

export function parseOutput(r: Reader): OutputConfig {
  return {
    budgetTokens: r.int('MCP_OUTPUT_BUDGET_TOKENS'),
    attachmentMaxBytes: r.int('MCP_ATTACHMENT_MAX_BYTES'),
    attachmentTypes: r.list('MCP_ATTACHMENT_TYPES').map((t) => t.toLowerCase()),
  };
}
