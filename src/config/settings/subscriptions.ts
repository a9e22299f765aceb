/** Settings: resource subscriptions (change detection by polling Zammad). */
import type { Setting } from './setting.js';

export const SUBSCRIPTION_SETTINGS: readonly Setting[] = [
  {
    env: 'MCP_SUBSCRIPTION_POLL_SECONDS',
    flag: '--subscription-poll-seconds',
    kind: 'integer',
    min: 5,
    max: 3600,
    default: '60',
    group: 'Subscriptions',
    description:
      'How often a subscribed resource is checked in Zammad, in seconds ({range}). One check per resource and Zammad identity, whatever the number of subscribers; none while nobody is subscribed.',
  },
  {
    env: 'MCP_SUBSCRIPTIONS_PER_SESSION',
    flag: '--subscriptions-per-session',
    kind: 'integer',
    min: 1,
    max: 1000,
    default: '20',
    group: 'Subscriptions',
    description: 'Resources one session (or stdio connection) may subscribe to at once ({range}).',
  },
  {
    env: 'MCP_SUBSCRIPTIONS_MAX',
    flag: '--subscriptions-max',
    kind: 'integer',
    min: 1,
    max: 100_000,
    default: '1000',
    group: 'Subscriptions',
    description: 'Subscriptions the whole process holds at once, over all sessions ({range}).',
  },
];
