/**
 * Every tool, in the order `tools/list` shows them.
 */
import { articleTools } from './articles.js';
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
];

/**
 * Tools of the public catalog (docs/tool-catalog) that this version does not have yet. Users'
 * configurations already name them (e.g. MCP_DENIED_TOOLS=delete_ticket,…), so they are accepted
 * in policy lists rather than refused as typos; they never appear in tools/list.
 */
export const NOT_YET_AVAILABLE: readonly string[] = [
  'create_ticket',
  'update_ticket',
  'add_internal_note',
  'save_draft_reply',
  'add_ticket_tag',
  'remove_ticket_tag',
  'link_tickets',
  'unlink_tickets',
  'add_time_accounting',
  'create_user',
  'update_user',
  'create_organization',
  'update_organization',
  'reply_to_customer',
  'apply_macro',
  'merge_tickets',
  'delete_ticket',
  'delete_user',
  'delete_organization',
  'confirm_action',
];
