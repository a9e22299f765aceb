/** Settings: what of customers the model provider sees, and whose text reaches the model (docs/security.md). */
import type { Setting } from './setting.js';

export const PRIVACY_SETTINGS: readonly Setting[] = [
  {
    env: 'MCP_PSEUDONYMIZE',
    flag: '--pseudonymize',
    kind: 'boolean',
    default: 'false',
    group: 'Privacy',
    description:
      'Customers’ e-mail addresses, phone numbers and names reach the model as stable tokens (`email_…`, `phone_…`, `name_…`) in every result, error, resource and prompt; tokens in arguments are resolved to the real values on the server.',
  },
  {
    env: 'MCP_PSEUDONYM_KEY',
    kind: 'string',
    secret: true,
    group: 'Privacy',
    description:
      'Key of the pseudonyms’ HMAC (at least 32 characters); replicas sharing it make the same tokens. Unset: a random key per process, so tokens change on restart.',
  },
  {
    env: 'MCP_PSEUDONYMIZE_AGENTS',
    kind: 'boolean',
    default: 'false',
    group: 'Privacy',
    description: 'Pseudonymize agents’ addresses, numbers and names too (by default they stay readable).',
  },
  {
    env: 'MCP_PSEUDONYM_KEEP_DOMAINS',
    kind: 'list',
    group: 'Privacy',
    description:
      'E-mail domains that stay readable with pseudonymization on, e.g. the support team’s own (`example.com` covers its subdomains).',
  },
  {
    env: 'MCP_PSEUDONYM_PHONE_REGION',
    kind: 'string',
    default: 'DE',
    group: 'Privacy',
    description:
      'Two-letter country whose national phone numbers (`030 5557 2100`) are recognized; international ones (`+49 …`, `0049 …`) always are. `none`: international only.',
  },
  {
    env: 'MCP_LOCKDOWN',
    flag: '--lockdown',
    kind: 'boolean',
    default: 'false',
    group: 'Privacy',
    description:
      'Withhold the body and attachments of every article whose sender is neither the ticket’s customer, nor an agent, nor in MCP_TRUSTED_SENDER_DOMAINS, or that shows spoofing signals; the model sees its metadata and one line saying why.',
  },
  {
    env: 'MCP_TRUSTED_SENDER_DOMAINS',
    kind: 'list',
    group: 'Privacy',
    description:
      'Sender domains whose articles are shown in lockdown (a partner, the team’s own mail domain).',
  },
];
