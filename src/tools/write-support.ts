/**
 * What the write tools share: bounded input fields, people and group lookups, pending states,
 * message bodies (plain text kept byte for byte, HTML cleaned), and "before → after" lines.
 */
import { z } from 'zod';
import { htmlToText } from '../content/index.js';
import { cleanHtml } from '../content/html-clean.js';
import { UserInputError } from '../errors.js';
import type { Group, State, User } from '../zammad/schemas.js';
import type { ToolContext } from './define.js';
import { cut, fmtDate } from './render/format.js';

/** A subject or title line. */
export const subject = z.string().trim().min(1).max(250);

/** Message bodies: never trimmed or rewritten (plain text reaches Zammad byte for byte). */
export const messageBody = z.string().min(1).max(100_000);
export const contentType = z
  .enum(['text/plain', 'text/html'])
  .default('text/plain')
  .describe('text/plain (default: sent exactly as given) or text/html (cleaned to a safe subset)');
/** A plain address (no display name); a short pattern keeps tools/list small. */
export const emailAddress = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/, 'an email address such as jane@example.com');
export const tagName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^,]+$/, 'one tag, without commas');
/** Zammad's decimal time units ("15", "0.5", "1.25"). */
export const timeUnit = z
  .string()
  .trim()
  .max(12)
  .regex(/^\d{1,5}(\.\d{1,2})?$/, 'a decimal number such as "15" or "0.5"')
  .refine((s) => Number(s) > 0, 'more than 0');
export const isoTime = z
  .string()
  .trim()
  .min(10)
  .max(40)
  .describe('ISO 8601 date and time, e.g. "2025-10-01T09:00:00Z"');

/** An ISO time as Zammad stores it (UTC, milliseconds), or an input error naming the field. */
export function normalizeTime(value: string, field: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
    ? Date.parse(value.replace(' ', 'T'))
    : NaN;
  if (Number.isNaN(ms))
    throw new UserInputError(`${field} "${value}" is not an ISO 8601 time; use e.g. "2025-10-01T09:00:00Z".`);
  return new Date(ms).toISOString();
}

/** Pending states (Zammad state types 3 "pending reminder" and 4 "pending action") need a pending_time. */
export function isPending(state: Pick<State, 'state_type_id' | 'name'> | undefined): boolean {
  if (!state) return false;
  if (state.state_type_id !== null && state.state_type_id !== undefined)
    return state.state_type_id === 3 || state.state_type_id === 4;
  return /^pending\b/i.test(state.name);
}

/**
 * A group by name, only among those in scope: a group outside MCP_ALLOWED_GROUPS is answered like
 * one that does not exist, so a write can neither target nor reveal it.
 */
export async function groupInScope(name: string, ctx: ToolContext): Promise<Group> {
  const allowed = await ctx.scope.activeGroups();
  const hit = allowed.find((g) => g.name.toLowerCase() === name.trim().toLowerCase());
  if (!hit)
    throw new UserInputError(
      `Unknown group "${name}". Valid groups: ${allowed.map((g) => g.name).join(', ')}.`,
    );
  return hit;
}

/** The user whose email or login is exactly `value` (case-insensitive), by one search. */
export async function userByEmailOrLogin(value: string, ctx: ToolContext): Promise<User | undefined> {
  const r = await ctx.zammad.searchUsers(value, { page: 1, perPage: 50 }, ctx.signal);
  const v = value.trim().toLowerCase();
  return (
    r.users.find((u) => (u.email ?? '').toLowerCase() === v) ??
    r.users.find((u) => (u.login ?? '').toLowerCase() === v)
  );
}

export function nameOf(u: Pick<User, 'firstname' | 'lastname' | 'email' | 'login' | 'id'>): string {
  const name = [u.firstname, u.lastname].filter((x) => typeof x === 'string' && x.trim()).join(' ');
  const addr = u.email || u.login || '';
  if (name && addr) return `${name} <${addr}>`;
  return name || addr || `user ${u.id}`;
}

export interface PreparedBody {
  body: string;
  content_type: 'text/plain' | 'text/html';
  /** For HTML: what the cleaner took out. */
  removed: string[];
}

/** Plain text exactly as given; HTML through the allowlist cleaner (and refused when nothing is left). */
export function prepareBody(body: string, type: 'text/plain' | 'text/html'): PreparedBody {
  if (type === 'text/plain') return { body, content_type: type, removed: [] };
  const c = cleanHtml(body);
  if (htmlToText(c.html).trim() === '')
    throw new UserInputError(
      'The HTML body has no text left once cleaned (scripts, styles and the like are removed).',
    );
  return { body: c.html, content_type: type, removed: c.removed };
}

/** Plain text as the HTML Zammad's editor writes: one <div> a line, <div><br></div> for an empty one. */
export function textToHtml(text: string): string {
  const esc = (s: string): string =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => (l === '' ? '<div><br></div>' : `<div>${esc(l)}</div>`))
    .join('');
}

/** The first ~300 characters of what the recipient will read. */
export function bodyPreview(p: Pick<PreparedBody, 'body' | 'content_type'>, max = 300): string {
  const text = p.content_type === 'text/html' ? htmlToText(p.body) : p.body;
  const c = cut(text, max);
  return c.cut ? `${c.text}… (${text.length} characters in all)` : c.text;
}

type Val = string | number | boolean | null | undefined;

function show(v: Val, date = false): string {
  if (v === null || v === undefined || v === '') return '—';
  if (date && typeof v === 'string') return fmtDate(v) ?? v;
  return String(v);
}

/** "field a → b" when the value changed, else undefined. */
export function change(
  field: string,
  before: Val,
  after: Val,
  opts: { date?: boolean } = {},
): string | undefined {
  const b = before === '' ? null : (before ?? null);
  const a = after === '' ? null : (after ?? null);
  if (b === a) return undefined;
  return `${field} ${show(b, opts.date)} → ${show(a, opts.date)}`;
}

export function defined<T>(list: Array<T | undefined>): T[] {
  return list.filter((x): x is T => x !== undefined);
}
