/** Subscriptions: the poll interval and the limits on subscriptions. */
import type { Reader } from './reader.js';
import type { SubscriptionConfig } from './types.js';

export function parseSubscriptions(r: Reader): SubscriptionConfig {
  return {
    pollSeconds: r.int('MCP_SUBSCRIPTION_POLL_SECONDS'),
    perSession: r.int('MCP_SUBSCRIPTIONS_PER_SESSION'),
    max: r.int('MCP_SUBSCRIPTIONS_MAX'),
  };
}
