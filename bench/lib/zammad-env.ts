import type { Sandbox } from '@zammad-mcp/sandbox';

/** The environment that points a server at the sandbox as its admin. */
export function zammadEnv(sb: Sandbox): { ZAMMAD_URL: string; ZAMMAD_HTTP_TOKEN: string } {
  return { ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token };
}
