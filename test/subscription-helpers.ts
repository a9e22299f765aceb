/** Helpers of the subscription tests: timers that never fire, a notification listener, sandbox changes. */
import type { Client } from '@modelcontextprotocol/client';
import type { Sandbox } from '@zammad-mcp/sandbox';
import type { Timers } from '../src/server/index.js';

/** Timers that never fire: every poll in these tests is a `pollNow()`. */
export const NEVER: Timers = { set: () => ({}), clear: () => undefined };

export function listen(client: Client): { uris: string[]; next(): Promise<string> } {
  const uris: string[] = [];
  let waiters: Array<(u: string) => void> = [];
  client.setNotificationHandler('notifications/resources/updated', (n) => {
    uris.push(n.params.uri);
    const w = waiters;
    waiters = [];
    for (const f of w) f(n.params.uri);
  });
  return { uris, next: () => new Promise((resolve) => waiters.push(resolve)) };
}

/** Changes a ticket as Zammad would: over the sandbox's HTTP API, as the admin. */
export async function changeTicket(sb: Sandbox, id: number, body: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${sb.url}/api/v1/tickets/${id}`, {
    method: 'PUT',
    headers: {
      authorization: `Token token=${sb.credentials.admin.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`sandbox PUT ticket ${id}: ${r.status}`);
}

export async function addNote(sb: Sandbox, id: number): Promise<void> {
  const r = await fetch(`${sb.url}/api/v1/ticket_articles`, {
    method: 'POST',
    headers: {
      authorization: `Token token=${sb.credentials.admin.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ ticket_id: id, body: 'A new note', type: 'note', internal: true }),
  });
  if (!r.ok) throw new Error(`sandbox POST article on ${id}: ${r.status}`);
}
