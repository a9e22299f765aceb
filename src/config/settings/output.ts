/** Settings: What tool results may hold. */
import type { Setting } from './setting.js';

export const OUTPUT_SETTINGS: readonly Setting[] = [
  {
    env: 'MCP_OUTPUT_BUDGET_TOKENS',
    flag: '--output-budget',
    kind: 'integer',
    min: 500,
    max: 50_000,
    default: '6000',
    group: 'Output',
    description:
      'Hard cap on the size of one tool result, in tokens (approximate; {range}). Longer results are cut with a continuation hint.',
  },
  {
    env: 'MCP_ATTACHMENT_MAX_BYTES',
    flag: '--attachment-max-bytes',
    kind: 'integer',
    min: 1024,
    max: 20_971_520,
    default: '1048576',
    group: 'Output',
    description:
      'Largest attachment `download_attachment` fetches, in bytes ({range}; checked from metadata before download).',
  },
  {
    env: 'MCP_ATTACHMENT_TYPES',
    flag: '--attachment-types',
    kind: 'list',
    group: 'Output',
    description:
      'Extra MIME types (or globs like `application/*`) `download_attachment` may return as base64 resources. Text and images are always allowed.',
  },
];
