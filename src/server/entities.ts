/**
 * Stage 3 of the pipeline: the records a tool declares (src/tools/entities.ts), each loaded once and
 * checked against the data scope once. Zammad's 403 (hidden from this token), its 404 and a group
 * outside MCP_ALLOWED_GROUPS all give the same not-found answer, so existence does not leak.
 */
import { NotFoundError, UserInputError } from '../errors.js';
import { TICKET_REF_HINT, ticketNotFound, validateTicketRef, type Scope } from '../policy/scope.js';
import type { AnyTool } from '../tools/define.js';
import type {
  ArticleDecl,
  ChecklistItemDecl,
  EntityDecl,
  ListedTicket,
  LoadedChecklistItem,
  OrganizationDecl,
  TicketDecl,
  TicketListDecl,
  TicketRef,
  UserDecl,
} from '../tools/entities.js';
import { forEachLimit } from './batch.js';
import { isHidden } from '../zammad/errors.js';
import type { BoundedArticle, ZammadClient } from '../zammad/client.js';
import type { Organization, Ticket, User } from '../zammad/schemas.js';

export interface LoadContext {
  zammad: ZammadClient;
  scope: Scope;
  signal: AbortSignal;
  /** How much of a long article body one answer may hold (from the output budget). */
  bodyChars: number;
  /** Lists of records load at most this many at a time (the Zammad client's cap). */
  concurrency: number;
}

type Args = Record<string, unknown>;

/** Runs `fn`; Zammad's "hidden" answers (403/404) become `notFound()`. */
async function unlessHidden<T>(notFound: () => Error, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw isHidden(e) ? notFound() : e;
  }
}

/** The ticket reference a declaration names in the arguments (one argument taking either is allowed). */
export function ticketRefOf(d: TicketDecl, args: Args): TicketRef {
  if (d.number === undefined) {
    const v = args[d.id];
    return typeof v === 'string' ? { ticket_number: v } : { ticket_id: v as number | undefined };
  }
  return { ticket_id: args[d.id] as number | undefined, ticket_number: args[d.number] as string | undefined };
}

function refError(d: TicketDecl, ref: TicketRef): void {
  if (d.id === 'ticket_id') return validateTicketRef(ref);
  try {
    validateTicketRef(ref);
  } catch {
    throw new UserInputError(
      `Give exactly one of ${d.id} or ${d.number} for ${d.label ?? 'the ticket'} (the id is internal, the number is the one shown in Zammad).`,
    );
  }
}

function labelled(d: TicketDecl, ref: TicketRef): () => Error {
  if (!d.label || d.number !== undefined) return () => ticketNotFound(ref);
  const which = ref.ticket_number !== undefined ? `number ${ref.ticket_number}` : `id ${ref.ticket_id}`;
  return () => new NotFoundError(`${d.label} (${which}) not found. ${d.hint ?? TICKET_REF_HINT}`);
}

async function loadTicket(d: TicketDecl, args: Args, c: LoadContext): Promise<unknown> {
  const ref = ticketRefOf(d, args);
  const notFound = labelled(d, ref);
  const byNumber = async (): Promise<number> => {
    const t = await unlessHidden(notFound, () =>
      c.zammad.ticketByNumber(ref.ticket_number as string, c.signal),
    );
    if (!t || !(await c.scope.allowsGroup(t.group_id, c.signal))) throw notFound();
    return t.id;
  };
  const inScope = async (groupId: number | null | undefined): Promise<void> => {
    if (!(await c.scope.allowsGroup(groupId, c.signal))) throw notFound();
  };
  switch (d.load) {
    case 'ref': {
      if (ref.ticket_number !== undefined) return { id: await byNumber(), ref };
      const id = ref.ticket_id as number;
      // Unrestricted: the tool's own request answers 403/404 for a hidden ticket (see hiddenRefs).
      if (c.scope.restricted)
        await inScope((await unlessHidden(notFound, () => c.zammad.ticket(id, c.signal))).group_id);
      return { id, ref };
    }
    case 'record': {
      if (ref.ticket_number !== undefined) {
        const number = ref.ticket_number;
        const t = await unlessHidden(notFound, () => c.zammad.ticketByNumber(number, c.signal));
        if (!t) throw notFound();
        await inScope(t.group_id);
        return t;
      }
      const id = ref.ticket_id as number;
      const t = await unlessHidden(notFound, () => c.zammad.ticket(id, c.signal));
      await inScope(t.group_id);
      return t;
    }
    case 'bundle': {
      // By id the bundle request itself answers (and the scope is checked on its ticket): one request.
      const id = ref.ticket_number !== undefined ? await byNumber() : (ref.ticket_id as number);
      const view = d.view?.(args) ?? { articles: 0, includeInternal: true };
      const b = await unlessHidden(notFound, () => c.zammad.ticketView(id, view, c.signal));
      await inScope(b.ticket.group_id);
      return b;
    }
  }
}

/**
 * A batch's tickets, each loaded like a `record` ticket (by id: 1 request; by number: the search)
 * and checked against the scope here, the one place that decides it. A ticket that does not exist,
 * is hidden from the token or lies outside the scope comes back without `ticket`: the same answer
 * for all three, and the batch goes on. Any other failure fails the call (nothing was written).
 */
async function loadTicketList(d: TicketListDecl, args: Args, c: LoadContext): Promise<ListedTicket[]> {
  const given = (args[d.id] ?? []) as Array<number | string>;
  const out: ListedTicket[] = given.map((g) => ({ given: String(g) }));
  await forEachLimit(
    given,
    c.concurrency,
    async (g, i) => {
      const hidden = (): Error => new NotFoundError('hidden');
      let t: Ticket | undefined;
      try {
        t =
          typeof g === 'number'
            ? await unlessHidden(hidden, () => c.zammad.ticket(g, c.signal))
            : await unlessHidden(hidden, () => c.zammad.ticketByNumber(g, c.signal));
      } catch (e) {
        if (e instanceof NotFoundError) t = undefined;
        else throw e;
      }
      if (t && (await c.scope.allowsGroup(t.group_id, c.signal))) out[i] = { given: String(g), ticket: t };
    },
    () => c.signal.aborted,
  );
  if (c.signal.aborted) throw c.signal.reason instanceof Error ? c.signal.reason : new Error('cancelled');
  return out;
}

/** The article, checked against the group scope: 1 request; 2 under a group scope (its ticket, for the group). */
async function loadArticle(d: ArticleDecl, args: Args, c: LoadContext): Promise<BoundedArticle> {
  const articleId = args[d.id] as number;
  const ticketId = d.ticket !== undefined ? (args[d.ticket] as number) : undefined;
  const notFound = (): Error =>
    new NotFoundError(
      `Article ${articleId} not found${ticketId !== undefined ? ` on ticket ${ticketId}` : ''}.`,
    );
  const offset = d.offset !== undefined ? ((args[d.offset] as number | undefined) ?? 0) : 0;
  const art = await unlessHidden(notFound, () =>
    c.zammad.article(articleId, c.signal, { offset, chars: c.bodyChars }),
  );
  if (ticketId !== undefined && art.ticket_id !== ticketId) throw notFound();
  if (c.scope.restricted) {
    const t = await unlessHidden(notFound, () => c.zammad.ticket(art.ticket_id, c.signal));
    if (!(await c.scope.allowsGroup(t.group_id, c.signal))) throw notFound();
  }
  return art;
}

/** The user whose email or login is exactly `value` (case-insensitive), by one search. */
async function userBy(field: 'email' | 'login', value: string, c: LoadContext): Promise<User | undefined> {
  // The plain value works with and without Elasticsearch; the exact match drops partial hits.
  const r = await c.zammad.searchUsers(value, { page: 1, perPage: 50 }, c.signal);
  const v = value.toLowerCase();
  return r.users.find((u) => (u[field] ?? '').toLowerCase() === v);
}

/** By one search: the user whose email or else login is exactly `value`. */
async function userByEither(value: string, c: LoadContext): Promise<User> {
  const r = await c.zammad.searchUsers(value, { page: 1, perPage: 50 }, c.signal);
  const v = value.toLowerCase();
  const u =
    r.users.find((x) => (x.email ?? '').toLowerCase() === v) ??
    r.users.find((x) => (x.login ?? '').toLowerCase() === v);
  if (!u)
    throw new NotFoundError(
      `No user with email or login ${value}. search_users finds users by part of a name or address.`,
    );
  return u;
}

async function loadUser(d: UserDecl, args: Args, c: LoadContext): Promise<User> {
  if (d.either && typeof args[d.id] === 'string') return userByEither(args[d.id] as string, c);
  const id = args[d.id] as number | undefined;
  const email = d.email !== undefined ? (args[d.email] as string | undefined) : undefined;
  const login = d.login !== undefined ? (args[d.login] as string | undefined) : undefined;
  if (d.email !== undefined || d.login !== undefined) {
    const given = [id, email, login].filter((x) => x !== undefined).length;
    if (given !== 1)
      throw new UserInputError(
        `Give exactly one of ${[d.id, d.email, d.login]
          .filter(Boolean)
          .join(', ')
          .replace(/, ([^,]*)$/, ' or $1')}.`,
      );
  }
  if (id !== undefined)
    return unlessHidden(
      () => new NotFoundError(`User ${id} not found.`),
      () => c.zammad.user(id, c.signal),
    );
  const what = email !== undefined ? `User with email ${email}` : `User with login ${login}`;
  const u = email !== undefined ? await userBy('email', email, c) : await userBy('login', login as string, c);
  if (!u)
    throw new NotFoundError(`${what} not found. search_users finds users by part of a name or address.`);
  return u;
}

async function loadOrganization(d: OrganizationDecl, args: Args, c: LoadContext): Promise<Organization> {
  const id = args[d.id] as number | undefined;
  const name = d.name !== undefined ? (args[d.name] as string | undefined) : undefined;
  if (d.name !== undefined && (id === undefined) === (name === undefined))
    throw new UserInputError(`Give exactly one of ${d.id} or ${d.name}.`);
  const what = id !== undefined ? `Organization ${id}` : `Organization "${name}"`;
  const notFound = (): Error => new NotFoundError(`${what} not found.${d.hint ? ` ${d.hint}` : ''}`);
  let o: Organization | undefined;
  if (id !== undefined) {
    // Zammad answers `{}` for an organization a customer may not see, 403 or 404 otherwise.
    o = await unlessHidden(notFound, () => c.zammad.findOrganization(id, c.signal));
  } else {
    const wanted = (name as string).toLowerCase();
    const r = await c.zammad.searchOrganizations(name as string, { page: 1, perPage: 50 }, c.signal);
    o = r.organizations.find((x) => x.name.toLowerCase() === wanted);
  }
  if (!o) throw notFound();
  return o;
}

/**
 * The item (Zammad answers 403 for one that does not exist as for one out of reach), its checklist
 * and that checklist's ticket, whose group the scope checks: 3 requests. The item's own `ticket_id`
 * is a ticket it refers to, not its owner, so it decides nothing. A checklist that cannot be placed
 * on a ticket is refused like a missing item.
 */
async function loadChecklistItem(
  d: ChecklistItemDecl,
  args: Args,
  c: LoadContext,
): Promise<LoadedChecklistItem> {
  const itemId = args[d.id] as number;
  const notFound = (): Error =>
    new NotFoundError(
      `Checklist item ${itemId} not found. get_ticket_checklist shows a ticket's item ids (checklists need Zammad 6.4+).`,
    );
  const item = await unlessHidden(notFound, () => c.zammad.collab.checklistItem(itemId, c.signal));
  const checklist = await unlessHidden(notFound, () =>
    c.zammad.collab.checklist(item.checklist_id, c.signal),
  );
  const owner = checklist.ticketId;
  if (owner === undefined) throw notFound();
  const ticket = await unlessHidden(notFound, () => c.zammad.ticket(owner, c.signal));
  if (!(await c.scope.allowsGroup(ticket.group_id, c.signal))) throw notFound();
  return { item, checklist, ticket };
}

function loadOne(d: EntityDecl, args: Args, c: LoadContext): Promise<unknown> {
  switch (d.kind) {
    case 'checklist_item':
      return loadChecklistItem(d, args, c);
    case 'ticket':
      return loadTicket(d, args, c);
    case 'article':
      return loadArticle(d, args, c);
    case 'user':
      return loadUser(d, args, c);
    case 'organization':
      return loadOrganization(d, args, c);
    case 'tickets':
      return loadTicketList(d, args, c);
  }
}

/**
 * Every entity the tool declares: all references checked first (a malformed one costs no request),
 * then each loaded in declaration order (a second one only once the first passed).
 */
export async function loadEntities(
  tool: AnyTool,
  args: Args,
  c: LoadContext,
): Promise<Record<string, unknown>> {
  const decls = Object.entries((tool.entities ?? {}) as Record<string, EntityDecl>);
  for (const [, d] of decls)
    if (d.kind === 'ticket' && d.number !== undefined) refError(d, ticketRefOf(d, args));
  const out: Record<string, unknown> = {};
  for (const [name, d] of decls) out[name] = await loadOne(d, args, c);
  return out;
}

/**
 * For `ref` tickets fetched by id without a scope, the handler's own request is the access check:
 * its 403/404 is the ticket's not-found. Undefined when the tool has no such entity.
 */
export function hiddenRefError(tool: AnyTool, args: Args): Error | undefined {
  for (const d of Object.values((tool.entities ?? {}) as Record<string, EntityDecl>))
    if (d.kind === 'ticket' && d.load === 'ref') {
      const ref = ticketRefOf(d, args);
      return labelled(d, ref)();
    }
  return undefined;
}
