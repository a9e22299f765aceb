/**
 * Rows of the worklist tools (overviews, escalations, a customer's and related tickets): one short
 * line per ticket with names from assets and the reference cache, and the escalation arithmetic.
 * Times are instants: every one is parsed (whatever offset Zammad wrote) and shown in UTC.
 */
import { ticketNames } from '../names.js';
import type { z } from 'zod';
import type { ReferenceSnapshot } from '../../zammad/reference.js';
import type { Assets, Ticket } from '../../zammad/schemas.js';
import { compact, fmtDate } from './format.js';
import { assetUser, personShort } from './people.js';
import { TicketOut } from './ticket.js';

/** A worklist row: the ticket's summary fields, as get_ticket has them. */
export const WorkTicket = TicketOut.pick({
  id: true,
  number: true,
  title: true,
  state: true,
  priority: true,
  group: true,
  owner: true,
  customer: true,
  created_at: true,
  updated_at: true,
});
export type WorkTicket = z.infer<typeof WorkTicket>;

/** An ISO instant in UTC ("…Z"), whatever offset it was written with; undefined when unreadable. */
export function utc(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function workTicket(t: Ticket, ref: ReferenceSnapshot, assets: Assets): WorkTicket {
  const owner =
    personShort(assetUser(assets, t.owner_id)) ?? (t.owner && t.owner !== '-' ? t.owner : undefined);
  return compact({
    id: t.id,
    number: t.number,
    title: t.title,
    ...ticketNames(t, ref),
    owner,
    customer: personShort(assetUser(assets, t.customer_id)) ?? t.customer ?? undefined,
    created_at: utc(t.created_at) ?? t.created_at,
    updated_at: utc(t.updated_at) ?? t.updated_at,
  }) as WorkTicket;
}

/** "#31005 id 5 · open · 2 normal · Sales · Lukas Becker · cust Sarah Kim" and the title below. */
export function workRow(t: WorkTicket, lead?: string): string {
  const parts = [`#${t.number} id ${t.id}`, lead, t.state, t.priority, t.group, t.owner ?? 'unassigned'];
  if (t.customer) parts.push(`cust ${t.customer}`);
  return `${parts.filter(Boolean).join(' · ')}\n  ${t.title}`;
}

export const DEADLINES = ['first_response', 'update', 'solution', 'escalation'] as const;
export type Deadline = (typeof DEADLINES)[number];
const DEADLINE_WORDS: Record<Deadline, string> = {
  first_response: 'first response',
  update: 'update',
  solution: 'solution',
  escalation: 'escalation',
};

/**
 * Which deadline a ticket escalates by: the one of first response, update and solution
 * (`close_escalation_at`) that Zammad's `escalation_at` is, else the earliest of them, else
 * `escalation_at` itself. Compared as instants, never as strings.
 */
export function nextDeadline(t: Ticket): { kind: Deadline; at: number } | undefined {
  const cands: Array<{ kind: Deadline; at: number }> = [];
  const add = (kind: Deadline, iso: string | null | undefined): void => {
    const at = iso ? Date.parse(iso) : Number.NaN;
    if (!Number.isNaN(at)) cands.push({ kind, at });
  };
  add('first_response', t.first_response_escalation_at);
  add('update', t.update_escalation_at);
  add('solution', t.close_escalation_at);
  const overall = t.escalation_at ? Date.parse(t.escalation_at) : Number.NaN;
  const same = cands.find((c) => c.at === overall);
  if (same) return same;
  const earliest = [...cands].sort((a, b) => a.at - b.at)[0];
  if (earliest) return earliest;
  return Number.isNaN(overall) ? undefined : { kind: 'escalation', at: overall };
}

/** "1h 5m", "3d 4h", "12m": a span of minutes, rounded to what a person reads. */
export function span(minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  if (m < 60) return `${m}m`;
  if (m < 24 * 60) return m % 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${m / 60}h`;
  const d = Math.floor(m / (24 * 60));
  const h = Math.floor((m % (24 * 60)) / 60);
  return h ? `${d}d ${h}h` : `${d}d`;
}

/** "update due 2025-09-15 08:30, 1h 5m overdue" / "… in 40m". */
export function deadlineText(kind: Deadline, at: number, now: number): string {
  const minutes = (at - now) / 60_000;
  const when = fmtDate(new Date(at).toISOString());
  return `${DEADLINE_WORDS[kind]} due ${when}, ${minutes < 0 ? `${span(minutes)} overdue` : `in ${span(minutes)}`}`;
}
