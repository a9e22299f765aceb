/** Settings: The connection to Zammad. */
import type { Setting } from './setting.js';

export const ZAMMAD_SETTINGS: readonly Setting[] = [
  {
    env: 'ZAMMAD_URL',
    flag: '--zammad-url',
    kind: 'url',
    group: 'Zammad',
    description:
      'Base URL of your Zammad, with or without `/api/v1`. HTTPS unless the host is loopback or `ZAMMAD_ALLOW_HTTP=true`.',
  },
  {
    env: 'ZAMMAD_HTTP_TOKEN',
    kind: 'string',
    secret: true,
    group: 'Zammad',
    description:
      'Zammad access token (Profile → Token Access), sent as `Authorization: Token token=…`. Preferred.',
  },
  {
    env: 'ZAMMAD_OAUTH2_TOKEN',
    kind: 'string',
    secret: true,
    group: 'Zammad',
    description: 'OAuth2 access token, sent as `Authorization: Bearer …`.',
  },
  {
    env: 'ZAMMAD_USERNAME',
    kind: 'string',
    group: 'Zammad',
    description:
      'Login for HTTP Basic authentication (with `ZAMMAD_PASSWORD`). Prefer a token: Basic fails for users with 2FA.',
  },
  {
    env: 'ZAMMAD_PASSWORD',
    kind: 'string',
    secret: true,
    group: 'Zammad',
    description: 'Password for HTTP Basic authentication.',
  },
  {
    env: 'ZAMMAD_ALLOW_HTTP',
    flag: '--zammad-allow-http',
    kind: 'boolean',
    default: 'false',
    group: 'Zammad',
    description:
      'Allow plain `http://` to a non-loopback Zammad. Credentials then cross the network unencrypted.',
  },
  {
    env: 'ZAMMAD_CA_FILE',
    flag: '--zammad-ca-file',
    kind: 'string',
    group: 'Zammad',
    description:
      'PEM file of extra certificate authorities to trust for Zammad (private CA). Certificate verification cannot be turned off.',
  },
  {
    env: 'ZAMMAD_TIMEOUT_MS',
    flag: '--zammad-timeout-ms',
    kind: 'integer',
    min: 1000,
    max: 120_000,
    default: '15000',
    group: 'Zammad',
    description:
      'Deadline of each request to Zammad, in milliseconds ({range}): retries and their waits included, so a Zammad that never answers costs this once.',
  },
  {
    env: 'ZAMMAD_MAX_RETRIES',
    flag: '--zammad-max-retries',
    kind: 'integer',
    min: 0,
    max: 5,
    default: '2',
    group: 'Zammad',
    description:
      'Retries for idempotent requests (GET) after a network error, 429, 502, 503 or 504 ({range}). Writes are never retried.',
  },
  {
    env: 'ZAMMAD_MAX_CONCURRENCY',
    flag: '--zammad-max-concurrency',
    kind: 'integer',
    min: 1,
    max: 64,
    default: '8',
    group: 'Zammad',
    description: 'Requests to Zammad in flight at once ({range}).',
  },
  {
    env: 'ZAMMAD_MAX_RESPONSE_BYTES',
    flag: '--zammad-max-response-bytes',
    kind: 'integer',
    min: 65_536,
    max: 1_073_741_824,
    default: '8388608',
    group: 'Zammad',
    description:
      'Bytes kept from one Zammad answer ({range}; default 8 MiB). A larger answer is refused and its connection dropped; answers with article bodies may be up to 128 times larger, as the parts of bodies past `ZAMMAD_MAX_BODY_CHARS` are skipped while read.',
  },
  {
    env: 'ZAMMAD_MAX_BODY_CHARS',
    flag: '--zammad-max-body-chars',
    kind: 'integer',
    min: 10_000,
    max: 10_000_000,
    default: '262144',
    group: 'Zammad',
    description:
      'Characters of one article body kept when reading it ({range}). A longer body is cut while it is read; the article then says where it was cut and how long the body is, and get_ticket_article reads on from an offset.',
  },
  {
    env: 'ZAMMAD_CACHE_TTL_SECONDS',
    flag: '--zammad-cache-ttl',
    kind: 'integer',
    min: 0,
    max: 86_400,
    default: '300',
    group: 'Zammad',
    description:
      'How long reference data (groups, states, priorities, article types) is cached, in seconds ({range}).',
  },
];
