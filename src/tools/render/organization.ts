/**
 * Model-facing rendering of organizations.
 */
import { z } from 'zod';
import type { Organization } from '../../zammad/schemas.js';
import { compact, fmtDate, kv } from './format.js';
import { shortNote } from './user.js';

export const OrganizationOut = z.object({
  id: z.number(),
  name: z.string(),
  domain: z.string().optional(),
  shared: z.boolean().optional(),
  vip: z.boolean().optional(),
  active: z.boolean().optional(),
  note: z.string().optional(),
  members: z.number().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type OrganizationOut = z.infer<typeof OrganizationOut>;

export function organizationOut(o: Organization): OrganizationOut {
  return compact({
    id: o.id,
    name: o.name,
    domain: o.domain ?? undefined,
    shared: o.shared ?? undefined,
    vip: o.vip ? true : undefined,
    active: o.active ?? undefined,
    note: shortNote(o.note),
    members: o.member_ids ? o.member_ids.length : undefined,
    created_at: o.created_at ?? undefined,
    updated_at: o.updated_at ?? undefined,
  }) as OrganizationOut;
}

function flags(o: OrganizationOut): string[] {
  return [
    o.vip ? 'VIP' : undefined,
    o.active === false ? 'inactive' : undefined,
    // Shared: customers of the organization see each other's tickets.
    o.shared === true ? 'shared' : o.shared === false ? 'not shared' : undefined,
  ].filter((x): x is string => x !== undefined);
}

/** One line per organization in lists. */
export function organizationRow(o: OrganizationOut): string {
  const rest = [
    o.domain ? `domain ${o.domain}` : undefined,
    o.members !== undefined ? `${o.members} members` : undefined,
    ...flags(o),
  ].filter(Boolean);
  return `id ${o.id} · ${o.name}${rest.length ? ` · ${rest.join(' · ')}` : ''}`;
}

export function organizationText(o: OrganizationOut): string {
  const lines = [
    `Organization ${o.name} (id ${o.id})`,
    kv([
      ['domain', o.domain],
      ['members', o.members],
    ]),
    flags(o).join(' · '),
    o.note ? `note: ${o.note}` : '',
    kv([
      ['created', fmtDate(o.created_at)],
      ['updated', fmtDate(o.updated_at)],
    ]),
  ];
  return lines.filter((l) => l.length > 0).join('\n');
}
