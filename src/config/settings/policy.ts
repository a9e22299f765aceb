/** Settings: Which tools exist and what data they reach. */
import type { Setting } from './setting.js';

export const POLICY_SETTINGS: readonly Setting[] = [
  {
    env: 'MCP_READ_ONLY',
    flag: '--read-only',
    kind: 'boolean',
    default: 'false',
    group: 'Tools and policy',
    description: 'Force read-only, over every other setting.',
  },
  {
    env: 'MCP_ALLOW_WRITE',
    flag: '--allow-write',
    kind: 'boolean',
    default: 'false',
    group: 'Tools and policy',
    description:
      'Raise the risk ceiling to `write`: changes only agents see (internal notes, state, tags, owner).',
  },
  {
    env: 'MCP_ALLOW_EXTERNAL',
    flag: '--allow-external',
    kind: 'boolean',
    default: 'false',
    group: 'Tools and policy',
    description:
      'Allow `external` tools (customer-visible replies, macros). Each such tool must also be named in `MCP_ALLOWED_TOOLS`.',
  },
  {
    env: 'MCP_ALLOW_DESTRUCTIVE',
    flag: '--allow-destructive',
    kind: 'boolean',
    default: 'false',
    group: 'Tools and policy',
    description:
      'Allow `destructive` tools (delete, merge). Each such tool must also be named in `MCP_ALLOWED_TOOLS`.',
  },
  {
    env: 'MCP_ALLOWED_TOOLS',
    flag: '--allowed-tools',
    kind: 'list',
    group: 'Tools and policy',
    description:
      'Comma list of tool names or globs (`delete_*`) that external and destructive tools must match to be enabled.',
  },
  {
    env: 'MCP_DENIED_TOOLS',
    flag: '--denied-tools',
    kind: 'list',
    group: 'Tools and policy',
    description: 'Comma list of tool names or globs that are never enabled. Always wins.',
  },
  {
    env: 'MCP_ALLOWED_CATEGORIES',
    flag: '--allowed-categories',
    kind: 'list',
    group: 'Tools and policy',
    description:
      'Comma list of categories to enable (tickets, users, organizations, groups, system, knowledge). Default: all.',
  },
  {
    env: 'MCP_TOOLSETS',
    flag: '--toolsets',
    kind: 'list',
    default: 'worklist,tickets,customers,knowledge,reference',
    group: 'Tools and policy',
    description:
      'Comma list of toolsets whose tools may be enabled: worklist, tickets, customers, knowledge, collaboration, bulk, reference, or `all`. Only narrows: the other settings still decide. In dynamic mode, the toolsets the model may enable.',
  },
  {
    env: 'MCP_DYNAMIC_TOOLSETS',
    flag: '--dynamic-toolsets',
    kind: 'boolean',
    default: 'false',
    group: 'Tools and policy',
    description:
      'Start with only `list_toolsets` and `enable_toolset`; the model enables the toolsets a task needs (within `MCP_TOOLSETS` and the policy), and the client is told the tool list changed.',
  },
  {
    env: 'MCP_ALLOWED_GROUPS',
    flag: '--allowed-groups',
    kind: 'list',
    group: 'Tools and policy',
    description:
      'Comma list of Zammad group names the server may see and change (subgroups included). Default: every group the token sees.',
  },
  {
    env: 'MCP_ALLOWED_RECIPIENT_DOMAINS',
    flag: '--allowed-recipient-domains',
    kind: 'list',
    group: 'Tools and policy',
    description: 'Email domains a customer reply may go to besides the ticket participants.',
  },
  {
    env: 'MCP_POLICY_FILE',
    flag: '--policy-file',
    kind: 'string',
    group: 'Tools and policy',
    description:
      'A YAML or JSON file of rules per principal (API-key name, JWT subject, or `claim:<name>=<value>`): risk, toolsets, allowed and denied tools, groups, quotas. A rule only narrows what the server allows. Checked at start-up (a bad file stops it) and read again on SIGHUP and when it changes (a bad new file keeps the old policy). `zammad-mcp policy check <file>` checks one; docs/security.md has the model.',
  },
];
