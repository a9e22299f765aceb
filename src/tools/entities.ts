/**
 * Entity declarations: which record a tool acts on and from which of its arguments. The pipeline
 * (src/server/entities.ts) loads each one once, checks the data scope once, and hands the loaded
 * record to the handler; a record out of scope answers exactly like one that does not exist.
 */
import type { BoundedArticle, Checklist, ChecklistItem, TicketView } from '../zammad/client.js';
import type { Organization, Ticket, User } from '../zammad/schemas.js';

/**
 * How much of a ticket the tool needs:
 * - `ref`: only its id, verified as cheaply as possible. By id and without a group scope nothing is
 *   fetched: the tool's own request (an endpoint that checks access) answers 403/404, which the
 *   pipeline turns into the ticket's not-found.
 * - `record`: the ticket itself (one request; Zammad's access check and the scope on its group).
 * - `bundle`: the ticket with the articles its `view` asks for, tags, links and assets (one
 *   `GET /tickets/{id}?all=true`, read within limits: other articles' bodies are skipped).
 */
export type TicketLoad = 'ref' | 'record' | 'bundle';

export interface TicketDecl<L extends TicketLoad = TicketLoad> {
  kind: 'ticket';
  load: L;
  /** Argument names: the internal id and the number, or one argument taking either (integer = id). */
  id: string;
  number?: string;
  /** Words for errors: "the other ticket", "Source ticket", … */
  label?: string;
  /** For a single id-or-number argument: what its not-found answer adds. */
  hint?: string;
  /** For `bundle`: which articles to keep (only those are held; the rest are skipped while read). */
  view?: (args: Record<string, unknown>) => { articles: number; includeInternal: boolean };
}

export interface ArticleDecl {
  kind: 'article';
  id: string;
  /** An argument naming the ticket the article must belong to. */
  ticket?: string;
  /** An argument giving where in a long body to start (get_ticket_article's `offset`). */
  offset?: string;
}

export interface UserDecl {
  kind: 'user';
  id: string;
  /** Alternative arguments (exactly one of id, email, login must be given). */
  email?: string;
  login?: string;
  /** The one argument `id` takes either the user id (a number) or an exact email or login (a string). */
  either?: boolean;
}

export interface OrganizationDecl {
  kind: 'organization';
  id: string;
  /** An alternative argument: the exact name (exactly one of id and name must be given). */
  name?: string;
  /** What a not-found answer adds. */
  hint?: string;
}

/**
 * A batch's tickets: one argument holding a list of ids (integers) or numbers (strings). Each is
 * loaded (`record`) and checked against the data scope; one that does not exist, is hidden from
 * the token or lies outside the scope is marked `hidden` (the same answer for all three) instead
 * of failing the call, so a batch skips it and writes the rest.
 */
export interface TicketListDecl {
  kind: 'tickets';
  id: string;
}

/** One entry of a batch's list, in the order given: the ticket, or `hidden` (not found or out of scope). */
export type ListedTicket = { given: string; ticket: Ticket } | { given: string; ticket?: undefined };
/** A checklist item (Zammad 6.4+), placed through its checklist on the ticket it belongs to. */
export interface ChecklistItemDecl {
  kind: 'checklist_item';
  id: string;
}

/** The item, its whole checklist, and the checklist's ticket (whose group the scope checked). */
export interface LoadedChecklistItem {
  item: ChecklistItem;
  checklist: Checklist;
  ticket: Ticket;
}

export type EntityDecl =
  TicketDecl | ArticleDecl | UserDecl | OrganizationDecl | TicketListDecl | ChecklistItemDecl;

export type TicketRef = { ticket_id?: number | undefined; ticket_number?: string | undefined };

/** A ticket verified to exist and be in scope, known by id. */
export interface TicketId {
  id: number;
  ref: TicketRef;
}

export type Loaded<D extends EntityDecl> =
  D extends TicketDecl<'ref'>
    ? TicketId
    : D extends TicketDecl<'record'>
      ? Ticket
      : D extends TicketDecl<'bundle'>
        ? TicketView
        : D extends TicketListDecl
          ? ListedTicket[]
          : D extends ArticleDecl
            ? BoundedArticle
            : D extends UserDecl
              ? User
              : D extends OrganizationDecl
                ? Organization
                : D extends ChecklistItemDecl
                  ? LoadedChecklistItem
                  : never;

export type LoadedEntities<D extends Record<string, EntityDecl>> = { [K in keyof D]: Loaded<D[K]> };

/** `ticket_id` / `ticket_number`: the usual pair. */
export function ticket<L extends TicketLoad>(load: L, view?: TicketDecl['view']): TicketDecl<L> {
  return { kind: 'ticket', load, id: 'ticket_id', number: 'ticket_number', ...(view ? { view } : {}) };
}

/** Another pair of arguments (e.g. `other_ticket_id` / `other_ticket_number`). */
export function ticketBy<L extends TicketLoad>(
  load: L,
  id: string,
  number: string | undefined,
  words: { label?: string; hint?: string } = {},
): TicketDecl<L> {
  return { kind: 'ticket', load, id, ...(number ? { number } : {}), ...words };
}

/** A batch's list of tickets (ids or numbers) in the argument `id`. */
export function ticketList(id = 'tickets'): TicketListDecl {
  return { kind: 'tickets', id };
}

export function article(id = 'article_id', o: { ticket?: string; offset?: string } = {}): ArticleDecl {
  return { kind: 'article', id, ...o };
}

export function user(id = 'user_id', alt: { email?: string; login?: string } = {}): UserDecl {
  return { kind: 'user', id, ...alt };
}

/** One argument naming a person by user id, email or login (e.g. `customer`). */
export function person(arg: string): UserDecl {
  return { kind: 'user', id: arg, either: true };
}

export function organization(
  id = 'organization_id',
  alt: { name?: string; hint?: string } = {},
): OrganizationDecl {
  return { kind: 'organization', id, ...alt };
}

export function checklistItem(id = 'item_id'): ChecklistItemDecl {
  return { kind: 'checklist_item', id };
}
