/** The bulk tools: one confirmation for a batch of tickets, a result per ticket. */
import { bulkApplyMacro } from './macro.js';
import { bulkUpdateTickets } from './update.js';

export { bulkApplyMacro, bulkUpdateTickets };

/** Always confirmed: bulk_update_tickets (write, `confirm: 'always'`), then bulk_apply_macro (external). */
export const bulkTools = [bulkUpdateTickets, bulkApplyMacro];
