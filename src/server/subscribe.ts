/**
 * `resources/subscribe` and `resources/unsubscribe` (2025 revisions, stdio and HTTP sessions) for
 * `zammad://ticket/{id}`, `zammad://overview/{slug}` and `zammad://escalations`. Subscribing reads
 * the resource first, exactly as `resources/read` does (grant, scope, errors, audit): what cannot be
 * read cannot be subscribed to, and an out-of-scope ticket answers "resource not found". The shared
 * pollers live in the process's SubscriptionHub; this connection's subscriptions end with it.
 */
import { ProtocolError, ProtocolErrorCode, type McpServer } from '@modelcontextprotocol/server';
import { newRef } from '../errors.js';
import { record } from './deps.js';
import type { Entry } from './pipeline.js';
import { argsOf, readResource, resourceOf } from './resources.js';
import { isSubscribable, probeFor, SUBSCRIBABLE } from './subscription-probes.js';
import { SubscriptionLimitError, type SubscriptionHub, type Subscriber } from './subscriptions.js';

const ids = new WeakMap<object, number>();
let nextId = 0;
/** The same object, the same number: a Zammad client and a scope name one identity. */
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = ++nextId));
  return id;
}

const OFFERED = SUBSCRIBABLE.map((k) =>
  k === 'ticket' ? 'zammad://ticket/{id}' : k === 'overview' ? 'zammad://overview/{slug}' : `zammad://${k}`,
).join(', ');

function uriOf(params: unknown): URL {
  const raw = (params as { uri?: unknown } | undefined)?.uri;
  try {
    if (typeof raw === 'string') return new URL(raw);
  } catch {
    // answered below
  }
  throw new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `Give the resource's uri. Subscribable: ${OFFERED}.`,
  );
}

export function registerSubscriptions(server: McpServer, entry: Entry, hub: SubscriptionHub): void {
  const { deps } = entry;
  const subscriber: Subscriber = { notify: (uri) => server.server.sendResourceUpdated({ uri }) };
  const closed = server.server.onclose;
  server.server.onclose = () => {
    hub.drop(subscriber);
    closed?.();
  };
  const identity = `${idOf(deps.zammad)}.${idOf(deps.scope)}`;

  server.server.setRequestHandler('resources/subscribe', async (req, ctx) => {
    const uri = uriOf(req.params);
    const found = resourceOf(entry, uri);
    if (found && !isSubscribable(found.spec.kind))
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `${uri.href} cannot be subscribed to. Subscribable: ${OFFERED}.`,
      );
    // The read decides: not granted, malformed, missing or out of scope answer as a read does.
    await readResource(entry, uri, ctx.mcpReq.signal);
    const { spec, tool, raw } = found as NonNullable<typeof found>;
    const args = argsOf(spec, raw) ?? {};
    const audit = { call: newRef(), resource: spec.kind, principal: deps.principal };
    try {
      await hub.subscribe(subscriber, uri.href, identity, probeFor(spec.kind as never, args, deps, tool));
    } catch (e) {
      if (!(e instanceof SubscriptionLimitError)) throw e;
      record(deps, 'info', 'resource subscribe', { ...audit, outcome: 'error', kind: 'limit' });
      throw new ProtocolError(ProtocolErrorCode.InvalidRequest, e.message);
    }
    record(deps, 'info', 'resource subscribe', { ...audit, outcome: 'ok' });
    return {};
  });

  server.server.setRequestHandler('resources/unsubscribe', (req) => {
    const uri = uriOf(req.params);
    hub.unsubscribe(subscriber, uri.href);
    return {};
  });
}
