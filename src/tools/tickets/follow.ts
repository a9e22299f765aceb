/**
 * Following a ticket: subscribe_ticket, unsubscribe_ticket. Zammad calls it a mention: the acting
 * user (per principal where identities are per principal) gets notified of the ticket's changes.
 * Each reads the user's mention of the ticket first and writes only when something changes.
 */
import { z } from 'zod';
import { defineTool, type ToolContext } from '../define.js';
import { ticket } from '../entities.js';
import { ticketRef } from '../params.js';

const FollowOut = z.object({
  ticket_id: z.number(),
  number: z.string(),
  following: z.boolean(),
  changed: z.boolean(),
});

async function mentionsOf(ticketNo: number, ctx: ToolContext): Promise<Array<{ id: number }>> {
  const me = await ctx.zammad.collab.myUserId(ctx.signal);
  return ctx.zammad.collab.mentionsOf(ticketNo, me, ctx.signal);
}

export const subscribeTicket = defineTool({
  name: 'subscribe_ticket',
  title: 'Follow a ticket',
  description:
    'Follow a ticket as the Zammad user this server acts as, to be notified of its changes. Says so when already following.',
  category: 'tickets',
  toolset: 'collaboration',
  risk: 'write',
  input: z.object({ ...ticketRef }),
  output: FollowOut,
  entities: { ticket: ticket('record') },
  // The ticket, GET /users/me (once per identity), GET /mentions of the ticket and user, then
  // POST /mentions unless already following.
  async handler(_a, ctx, { ticket: t }) {
    const base = { ticket_id: t.id, number: t.number, following: true };
    if ((await mentionsOf(t.id, ctx)).length > 0)
      return {
        text: `Already following ticket #${t.number}; nothing changed.`,
        structured: { ...base, changed: false },
      };
    await ctx.zammad.collab.addMention(t.id, ctx.signal);
    return {
      text: `Now following ticket #${t.number} "${t.title}".`,
      structured: { ...base, changed: true },
    };
  },
});

export const unsubscribeTicket = defineTool({
  name: 'unsubscribe_ticket',
  title: 'Stop following a ticket',
  description:
    'Stop following a ticket as the Zammad user this server acts as. Says so when not following it.',
  category: 'tickets',
  toolset: 'collaboration',
  risk: 'write',
  input: z.object({ ...ticketRef }),
  output: FollowOut,
  entities: { ticket: ticket('record') },
  // The ticket, GET /users/me (once per identity), GET /mentions of the ticket and user, then
  // DELETE /mentions/{id} for the user's mention, if there is one.
  async handler(_a, ctx, { ticket: t }) {
    const base = { ticket_id: t.id, number: t.number, following: false };
    const mine = await mentionsOf(t.id, ctx);
    if (mine.length === 0)
      return {
        text: `Not following ticket #${t.number}; nothing changed.`,
        structured: { ...base, changed: false },
      };
    for (const m of mine) await ctx.zammad.collab.removeMention(m.id, ctx.signal);
    return {
      text: `Stopped following ticket #${t.number} "${t.title}".`,
      structured: { ...base, changed: true },
    };
  },
});

export const followTools = [subscribeTicket, unsubscribeTicket];
