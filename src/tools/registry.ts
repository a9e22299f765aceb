/**
 * Every tool, in the order `tools/list` shows them. A tool is one declaration in the file of its
 * subject (tickets/…, users.ts, organizations.ts, knowledge.ts, groups.ts, system.ts).
 */
import { checklistReadTools, checklistWriteTools } from './checklists.js';
import type { AnyTool } from './define.js';
import { bulkTools } from './bulk/index.js';
import { getCustomerTickets } from './customer-tickets.js';
import { listEscalations } from './escalations.js';
import { groupTools } from './groups.js';
import { knowledgeTools } from './knowledge.js';
import { notificationReadTools, notificationWriteTools } from './notifications.js';
import { draftKnowledgeBaseAnswer } from './knowledge-draft.js';
import { deleteOrganization, organizationTools, organizationWriteTools } from './organizations.js';
import { systemTools } from './system.js';
import { followTools } from './tickets/follow.js';
import { listTicketFields } from './fields.js';
import { listMacros } from './macros.js';
import { listTags } from './tags.js';
import { ticketGatedTools, ticketReadTools, ticketWriteTools } from './tickets/index.js';
import { deleteUser, userTools, userWriteTools } from './users.js';
import { getOverviewTickets, listOverviews } from './worklist.js';

export const ALL_TOOLS: readonly AnyTool[] = [
  ...ticketReadTools,
  listOverviews,
  getOverviewTickets,
  listEscalations,
  listTags,
  listTicketFields,
  listMacros,
  ...userTools,
  getCustomerTickets,
  ...organizationTools,
  ...groupTools,
  ...systemTools,
  ...knowledgeTools,
  ...checklistReadTools,
  ...notificationReadTools,
  ...ticketWriteTools,
  ...userWriteTools,
  ...organizationWriteTools,
  ...checklistWriteTools,
  ...followTools,
  ...notificationWriteTools,
  draftKnowledgeBaseAnswer,
  ...ticketGatedTools,
  ...bulkTools,
  deleteUser,
  deleteOrganization,
];

/**
 * Names policy lists may use besides the registry's: `confirm_action` is added by the server only
 * when a gated tool is enabled.
 */
export const POLICY_EXTRA_NAMES: readonly string[] = ['confirm_action'];
