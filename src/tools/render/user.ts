/**
 * Model-facing rendering of users: one line in lists, a short block for one user.
 */
import { z } from 'zod';
import { htmlToText } from '../../content/index.js';
import type { User } from '../../zammad/schemas.js';
import { compact, cut, fmtDate, kv, tidy } from './format.js';

/** Zammad's seeded roles: the names where the response carries only ids. */
const SEED_ROLES: Record<number, string> = { 1: 'Admin', 2: 'Agent', 3: 'Customer' };

/** Notes may be rich text: HTML to text, then cut to `max` characters. */
export function shortNote(note: string | null | undefined, max = 300): string | undefined {
  if (!note) return undefined;
  const text = tidy(/<[a-z][^>]*>/i.test(note) ? htmlToText(note) : note).replace(/\s*\n\s*/g, ' ');
  if (!text) return undefined;
  const c = cut(text, max);
  return c.cut ? `${c.text}…` : c.text;
}

export const UserOut = z.object({
  id: z.number(),
  name: z.string().optional(),
  email: z.string().optional(),
  login: z.string().optional(),
  organization: z.string().optional(),
  roles: z.array(z.string()).optional(),
  phone: z.string().optional(),
  mobile: z.string().optional(),
  department: z.string().optional(),
  vip: z.boolean().optional(),
  active: z.boolean().optional(),
  out_of_office: z.object({ from: z.string().optional(), until: z.string().optional() }).optional(),
  note: z.string().optional(),
  last_login: z.string().optional(),
  created_at: z.string().optional(),
});
export type UserOut = z.infer<typeof UserOut>;

export function fullName(u: Pick<User, 'firstname' | 'lastname'>): string | undefined {
  const n = [u.firstname, u.lastname].filter((x) => typeof x === 'string' && x.trim()).join(' ');
  return n || undefined;
}

export function roleNames(u: Pick<User, 'roles' | 'role_ids'>): string[] | undefined {
  if (u.roles?.length) return u.roles;
  const names = (u.role_ids ?? []).map((id) => SEED_ROLES[id] ?? `role ${id}`);
  return names.length ? names : undefined;
}

export function userOut(u: User): UserOut {
  return compact({
    id: u.id,
    name: fullName(u),
    email: u.email ?? undefined,
    login: u.login && u.login !== u.email ? u.login : undefined,
    organization: u.organization ?? undefined,
    roles: roleNames(u),
    phone: u.phone ?? undefined,
    mobile: u.mobile ?? undefined,
    department: u.department ?? undefined,
    vip: u.vip ? true : undefined,
    active: u.active ?? undefined,
    out_of_office: u.out_of_office
      ? compact({ from: u.out_of_office_start_at ?? undefined, until: u.out_of_office_end_at ?? undefined })
      : undefined,
    note: shortNote(u.note),
    last_login: u.last_login ?? undefined,
    created_at: u.created_at ?? undefined,
  }) as UserOut;
}

function ooo(u: UserOut): string | undefined {
  if (!u.out_of_office) return undefined;
  const span = [fmtDate(u.out_of_office.from), fmtDate(u.out_of_office.until)].filter(Boolean).join(' → ');
  return `out of office${span ? ` ${span}` : ''}`;
}

function flags(u: UserOut): string {
  return [u.vip ? 'VIP' : undefined, u.active === false ? 'inactive' : undefined, ooo(u)]
    .filter(Boolean)
    .join(' · ');
}

/** One line per user in lists. */
export function userRow(u: UserOut): string {
  const who = u.name ? `${u.name}${u.email ? ` <${u.email}>` : ''}` : (u.email ?? u.login ?? '(no name)');
  const rest = [
    u.login ? `login ${u.login}` : undefined,
    u.organization,
    u.roles?.join('/'),
    flags(u),
  ].filter(Boolean);
  return `id ${u.id} · ${who}${rest.length ? ` · ${rest.join(' · ')}` : ''}`;
}

/** A short block for one user. */
export function userText(u: UserOut): string {
  const lines = [
    `User ${u.name ?? u.email ?? u.login ?? ''} (id ${u.id})`.replace('  ', ' '),
    kv([
      ['email', u.email],
      ['login', u.login],
      ['org', u.organization],
      ['roles', u.roles?.join(', ')],
    ]),
    kv([
      ['phone', u.phone],
      ['mobile', u.mobile],
      ['department', u.department],
    ]),
    flags(u),
    u.note ? `note: ${u.note}` : '',
    kv([
      ['last login', fmtDate(u.last_login)],
      ['created', fmtDate(u.created_at)],
    ]),
  ];
  return lines.filter((l) => l.length > 0).join('\n');
}
