/**
 * What the two bulk tools share: the `tickets` argument, the skips every batch makes (not found or
 * out of scope, listed twice, merged), the preview line of a ticket and the rendering of the
 * per-ticket results. How a batch runs is the pipeline's (`ctx.batch`, src/server/batch.ts).
 */
import { ticketNames } from '../names.js';
import { z } from 'zod';
import { UserInputError } from '../../errors.js';
import type { ReferenceSnapshot } from '../../zammad/reference.js';
import type { Ticket } from '../../zammad/schemas.js';
import type { BatchItem, ItemResult } from '../define.js';
import type { ListedTicket } from '../entities.js';
import { ticketId, ticketNumber } from '../params.js';
import { cut } from '../render/format.js';

export const MAX_BATCH = 200;

export const ticketList = z
  .array(z.union([ticketId, ticketNumber]))
  .min(1)
  .max(MAX_BATCH)
  .describe('1–200 tickets: ids (integers) or numbers (strings, e.g. "31001")');

/** The same ticket written the same way twice is a mistake in the list, refused before any request. */
export function checkList(tickets: ReadonlyArray<number | string>): void {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const t of tickets) {
    const k = `${typeof t}:${String(t)}`;
    if (seen.has(k)) twice.add(String(t));
    seen.add(k);
  }
  if (twice.size > 0)
    throw new UserInputError(`tickets lists ${[...twice].join(', ')} more than once; list each ticket once.`);
}

/** Zammad's seeded state type of merged tickets (db/seeds/ticket_state_types.rb). */
const MERGED_TYPE = 6;

export const NOT_FOUND = "not found, or outside this server's group scope";

/** A ticket of the list with the reason it is skipped by every batch, or none. */
export interface Entry {
  given: string;
  ticket: Ticket | undefined;
  skip: string | undefined;
}

export function entriesOf(listed: readonly ListedTicket[], ref: ReferenceSnapshot): Entry[] {
  const seen = new Set<number>();
  return listed.map(({ given, ticket: t }) => {
    if (!t) return { given, ticket: undefined, skip: NOT_FOUND };
    if (seen.has(t.id)) return { given, ticket: t, skip: 'listed twice (by id and by number)' };
    seen.add(t.id);
    const state = ref.states.id(t.state_id);
    const merged = state?.state_type_id === MERGED_TYPE || (state?.name ?? t.state) === 'merged';
    return { given, ticket: t, skip: merged ? 'merged into another ticket' : undefined };
  });
}

function short(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  const c = cut(one, max);
  return c.cut ? `${c.text}…` : c.text;
}

/**
 * `#31001 "Printer on fire" (open · Support · emma.wright)`: what the human recognises, short
 * enough that 200 of them fit one answer (the owner's login without its domain).
 */
export function ticketLine(t: Ticket, ref: ReferenceSnapshot): string {
  const names = ticketNames(t, ref);
  const state = names.state ?? `state ${t.state_id}`;
  const group = names.group ?? `group ${t.group_id}`;
  const owner = t.owner && t.owner !== '-' ? t.owner.replace(/@.*$/, '') : 'unassigned';
  return `#${t.number} "${short(t.title, 36)}" (${state} · ${group} · ${owner})`;
}

/** The preview line of an entry: the ticket as it is now, or (nothing is written to it) why it is skipped. */
export function previewItem(e: Entry, ref: ReferenceSnapshot, skip: string | undefined): string {
  if (skip) return `${e.ticket ? `#${e.ticket.number}` : e.given}: skipped, ${skip}`;
  return e.ticket ? ticketLine(e.ticket, ref) : e.given;
}

export function itemOf<T>(e: Entry, skip: string | undefined, value: T): BatchItem<T> {
  return {
    id: e.ticket?.id ?? 0,
    label: e.ticket ? `#${e.ticket.number}` : e.given,
    skip,
    value,
  };
}

export const BatchOut = z.object({
  total: z.number(),
  done: z.number(),
  failed: z.number(),
  unknown: z.number(),
  skipped: z.number(),
  not_started: z.number(),
  cancelled: z.boolean(),
  tickets: z.array(
    z.object({
      ticket: z.string(),
      id: z.number().optional(),
      outcome: z.enum(['done', 'failed', 'skipped', 'unknown', 'not_started']),
      reason: z.string().optional(),
    }),
  ),
});
export type BatchOut = z.infer<typeof BatchOut>;

const WORDS: Record<ItemResult['outcome'], string> = {
  done: 'done',
  failed: 'FAILED',
  skipped: 'skipped',
  unknown: 'OUTCOME UNKNOWN (it timed out after sending: check the ticket before trying again)',
  not_started: 'not started (cancelled)',
};

/** The answer: counts, then one line per ticket that was not simply done, then the done ones. */
export function renderResults(
  what: string,
  r: { results: ItemResult[]; cancelled: boolean },
): { text: string; structured: BatchOut } {
  const n = (k: ItemResult['outcome']): number => r.results.filter((x) => x.outcome === k).length;
  const structured: BatchOut = {
    total: r.results.length,
    done: n('done'),
    failed: n('failed'),
    unknown: n('unknown'),
    skipped: n('skipped'),
    not_started: n('not_started'),
    cancelled: r.cancelled,
    tickets: r.results.map((x) => ({
      ticket: x.label,
      ...(x.id ? { id: x.id } : {}),
      outcome: x.outcome,
      ...(x.reason ? { reason: x.reason } : {}),
    })),
  };
  const counts = (['done', 'failed', 'unknown', 'skipped', 'not_started'] as const)
    .filter((k) => n(k) > 0)
    .map((k) => `${n(k)} ${k.replace('_', ' ')}`)
    .join(', ');
  const lines = [
    `${what}: ${counts} (of ${r.results.length}).${r.cancelled ? ' Cancelled: no ticket was started after the cancellation.' : ''}`,
  ];
  for (const x of r.results)
    if (x.outcome !== 'done') lines.push(`${x.label} ${WORDS[x.outcome]}${x.reason ? `: ${x.reason}` : ''}`);
  const done = r.results.filter((x) => x.outcome === 'done');
  if (done.length > 0)
    lines.push(`Done: ${done.map((x) => (x.reason ? `${x.label} (${x.reason})` : x.label)).join('; ')}`);
  return { text: lines.join('\n'), structured };
}
