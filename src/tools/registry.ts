/**
 * Every tool, in the order `tools/list` shows them. A tool is one declaration in the file of its
 * subject (tickets/…, users.ts, organizations.ts, knowledge.ts, groups.ts, system.ts).
 */
import type { AnyTool } from './define.js';
import { listTicketFields } from './fields.js';
import { groupTools } from './groups.js';
import { knowledgeTools } from './knowledge.js';
import { listMacros } from './macros.js';
import { deleteOrganization, organizationTools, organizationWriteTools } from './organizations.js';
import { systemTools } from './system.js';
import { listTags } from './tags.js';
import { ticketGatedTools, ticketReadTools, ticketWriteTools } from './tickets/index.js';
import { deleteUser, userTools, userWriteTools } from './users.js';

export const ALL_TOOLS: readonly AnyTool[] = [
  ...ticketReadTools,
  listTags,
  listTicketFields,
  listMacros,
  ...userTools,
  ...organizationTools,
  ...groupTools,
  ...systemTools,
  ...knowledgeTools,
  ...ticketWriteTools,
  ...userWriteTools,
  ...organizationWriteTools,
  ...ticketGatedTools,
  deleteUser,
  deleteOrganization,
];

/**
 * Names policy lists may use besides the registry's: `confirm_action` is added by the server only
 * when a gated tool is enabled.
 */
export const POLICY_EXTRA_NAMES: readonly string[] = ['confirm_action'];
