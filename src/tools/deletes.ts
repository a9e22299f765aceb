/** What Zammad's refusals of a delete mean, said plainly (delete_ticket, delete_user, delete_organization). */
import { ZammadError } from '../zammad/errors.js';
import type { ErrorMeanings, ToolContext } from './define.js';

export function deleteErrors<A, E>(what: (entities: E) => string, needs: string): ErrorMeanings<A, E> {
  // Zammad's 403 on a delete, after the record was read: a missing permission.
  const permission = (e: ZammadError, _a: A, en: E): ZammadError =>
    new ZammadError(
      'permission',
      `Zammad refused to delete ${what(en)}: that needs the ${needs} permission, which this token's user lacks.`,
      e.status,
      e.detail,
    );
  return {
    forbidden: permission,
    permission,
    validation: (e, _a, en) =>
      /references/i.test(e.detail ?? '')
        ? new ZammadError(
            'validation',
            `Zammad refused to delete ${what(en)}: other records (tickets, articles, users) still refer to it. Nothing was deleted.`,
            e.status,
            e.detail,
          )
        : undefined,
  };
}

/** Tickets Zammad's search finds for a field (Elasticsearch syntax); "unknown" where it cannot say. */
export async function ticketCount(
  field: 'customer_id' | 'organization_id',
  id: number,
  ctx: ToolContext,
): Promise<string> {
  const n = await ctx.zammad.countTickets(`${field}:${id}`, ctx.signal);
  return n === undefined ? 'unknown' : String(n);
}
