/**
 * Every tool, in the order `tools/list` shows them.
 */
import { articleTools } from './articles.js';
import { peopleWriteTools } from './people-write.js';
import { tagLinkWriteTools } from './tag-link-write.js';
import { ticketWriteTools } from './ticket-write.js';
import type { AnyTool } from './define.js';
import { groupTools } from './groups.js';
import { knowledgeTools } from './knowledge.js';
import { organizationTools } from './organizations.js';
import { systemTools } from './system.js';
import { ticketMetaTools } from './ticket-meta.js';
import { getTicket, searchTickets } from './tickets.js';
import { userTools } from './users.js';

export const ALL_TOOLS: readonly AnyTool[] = [
  searchTickets,
  getTicket,
  ...articleTools,
  ...ticketMetaTools,
  ...userTools,
  ...organizationTools,
  ...groupTools,
  ...systemTools,
  ...knowledgeTools,
  ...ticketWriteTools,
  ...tagLinkWriteTools,
  ...peopleWriteTools,
];

/**
 * Names policy lists may use besides the registry's: the gated tools land with the confirmation
 * gate, and users' configurations already name them (MCP_DENIED_TOOLS=delete_ticket,…).
 */
export const POLICY_EXTRA_NAMES: readonly string[] = [
  'reply_to_customer',
  'apply_macro',
  'merge_tickets',
  'delete_ticket',
  'delete_user',
  'delete_organization',
  'confirm_action',
];
