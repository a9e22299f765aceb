/**
 * Every tool, in the order `tools/list` shows them.
 */
import { articleTools } from './articles.js';
import { destructiveTools } from './destructive.js';
import { externalTools } from './external.js';
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
  ...externalTools,
  ...destructiveTools,
];

/**
 * Names policy lists may use besides the registry's: `confirm_action` is added by the server only
 * when a gated tool is enabled.
 */
export const POLICY_EXTRA_NAMES: readonly string[] = ['confirm_action'];
