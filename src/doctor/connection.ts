/**
 * The connection checks: can this machine reach Zammad, over verified TLS, is it a Zammad (which
 * version), who the token acts as and what it may do, and the group scope resolved. Each stage
 * that fails says why and what to change; the stages after it are not run.
 */
import type { Config } from '../config/index.js';
import { isLoopbackHost } from '../config/index.js';
import { expandGroups } from '../policy/scope.js';
import type { ZammadClient } from '../zammad/client.js';
import { ZammadError } from '../zammad/errors.js';
import { fail, pass, warn, type Check } from './checks.js';

/** What the checks learned about the token's user, for the production checklist. */
export interface Identity {
  login: string;
  name: string;
  roles: string[];
  admin: boolean;
  agent: boolean;
}

export interface ConnectionReport {
  checks: Check[];
  identity?: Identity;
}

const TLS_CODE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;
const MAKE_TOKEN =
  'In Zammad: avatar → Profile → Token Access → Create, with the permission ticket.agent; set it as ZAMMAD_HTTP_TOKEN_FILE (or ZAMMAD_HTTP_TOKEN).';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The failure of the first request, as the check it fails. */
function firstFailure(e: ZammadError, config: Readonly<Config>): Check {
  const host = new URL(config.zammad.apiUrl).host;
  const apiUrl = config.zammad.apiUrl;
  switch (e.kind) {
    case 'network':
      if (e.detail && TLS_CODE.test(e.detail))
        return fail(
          'tls',
          `The TLS connection to ${host} failed certificate verification (${e.detail}).`,
          'If Zammad uses a certificate of a private CA, put that CA (PEM) in a file and set ZAMMAD_CA_FILE; if the certificate is expired or names another host, renew it. Verification cannot be turned off.',
        );
      return fail(
        'reachability',
        `Cannot reach ${host}${e.detail ? ` (${e.detail})` : ''}.`,
        `Check the host and port in ZAMMAD_URL (${config.zammad.baseUrl}) and that this machine can reach it (DNS, firewall, proxy, VPN).`,
      );
    case 'timeout':
      return fail(
        'reachability',
        `Zammad at ${host} did not answer within ${config.zammad.timeoutMs} ms.`,
        'Check that Zammad is up and not overloaded (its /api/v1/monitoring/health_check, its logs); if it is slow on purpose, raise ZAMMAD_TIMEOUT_MS.',
      );
    case 'unauthorized':
      return fail(
        'token',
        `Zammad at ${host} refused the credential (401): the token is wrong, expired or was deleted.`,
        MAKE_TOKEN,
      );
    case 'authentication_required':
      return fail(
        'token',
        `No credential reached Zammad at ${host} (403 "Authentication required").`,
        'Set ZAMMAD_HTTP_TOKEN(_FILE); if it is set, a proxy in front of Zammad drops the Authorization header: let it pass.',
      );
    case 'permission':
    case 'forbidden':
      return fail(
        'token',
        `The token may not even read its own user at ${host} (403).`,
        `Create a token with the permission ticket.agent. ${MAKE_TOKEN}`,
      );
    case 'not_found':
    case 'bad_response':
      return fail(
        'zammad',
        `${apiUrl} is not a Zammad API: GET /users/me answered ${e.status ? `${e.status}` : 'something that is not Zammad’s JSON'}.`,
        'Set ZAMMAD_URL to the address you open Zammad at in the browser (e.g. https://support.example.com), with or without /api/v1.',
      );
    case 'server':
      return fail(
        'zammad',
        `Zammad at ${host} answered with a server error (${e.status ?? '5xx'}).`,
        'Check Zammad’s health (its logs, /api/v1/monitoring/health_check) or the proxy in front of it.',
      );
    default:
      return fail(
        'zammad',
        `Zammad at ${host}: ${e.message}`,
        'Run again; if it persists, check Zammad’s logs.',
      );
  }
}

async function attempt<T>(
  f: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: ZammadError }> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    if (e instanceof ZammadError) return { ok: false, error: e };
    throw e;
  }
}

export async function checkConnection(
  config: Readonly<Config>,
  zammad: ZammadClient,
  signal?: AbortSignal,
): Promise<ConnectionReport> {
  const checks: Check[] = [];
  const url = new URL(config.zammad.apiUrl);
  const me = await attempt(() =>
    zammad.http.request<unknown>('GET', '/users/me', { query: { expand: true }, signal }),
  );
  if (!me.ok) return { checks: [firstFailure(me.error, config)] };
  checks.push(pass('reachability', `${url.host} answers.`));
  if (url.protocol === 'https:')
    checks.push(
      pass(
        'tls',
        `The certificate of ${url.hostname} is valid${config.zammad.ca ? ' (with ZAMMAD_CA_FILE)' : ''}.`,
      ),
    );
  const user = me.value.body;
  if (!isObject(user) || typeof user.id !== 'number' || typeof user.login !== 'string') {
    checks.push(
      fail(
        'zammad',
        `${config.zammad.apiUrl} answered GET /users/me with JSON that is not a Zammad user: this is not a Zammad API.`,
        'Set ZAMMAD_URL to the address you open Zammad at in the browser (e.g. https://support.example.com).',
      ),
    );
    return { checks };
  }
  // GET /version is for admins only: a readable version is itself a finding.
  const version = await attempt(() => zammad.http.request<unknown>('GET', '/version', { signal }));
  const v = version.ok && isObject(version.value.body) ? version.value.body.version : undefined;
  checks.push(
    pass(
      'zammad',
      typeof v === 'string'
        ? `Zammad ${v} at ${url.host}.`
        : `Zammad at ${url.host} (its version is shown to admins only).`,
    ),
  );
  const roles = Array.isArray(user.roles) ? user.roles.filter((r): r is string => typeof r === 'string') : [];
  const name =
    [user.firstname, user.lastname].filter((x) => typeof x === 'string' && x).join(' ') || user.login;
  checks.push(
    pass(
      'token',
      `Acts as ${name} <${user.login}> (id ${user.id})${roles.length ? `, roles ${roles.join(', ')}` : ''}.`,
    ),
  );
  // ticket.agent (or admin.text_module) may list text modules; a customer-only token may not.
  const probe = await attempt(() =>
    zammad.http.request<unknown>('GET', '/text_modules', { query: { per_page: 1 }, signal }),
  );
  const agent = probe.ok;
  const admin = roles.some((r) => /^admin/i.test(r)) || typeof v === 'string';
  if (!agent)
    checks.push(
      fail(
        'permissions',
        // Not the login: a customer's login is an e-mail address, and this line is logged.
        `The token’s user lacks ticket.agent (Zammad refused an agent-only read${probe.ok ? '' : `: ${probe.error.status ?? probe.error.kind}`}): it acts as a customer and sees only its own tickets.`,
        `Use a token of an agent user, with the permission ticket.agent. ${MAKE_TOKEN}`,
      ),
    );
  else if (admin)
    checks.push(
      warn(
        'permissions',
        `${user.login} is an administrator${typeof v === 'string' ? ' (the token reads the admin-only /version)' : ''}: a leaked token could change all of Zammad.`,
        'Use a dedicated agent user without the Admin role, and a token with only ticket.agent (Profile → Token Access).',
      ),
    );
  else checks.push(pass('permissions', `${user.login} has ticket.agent and is not an administrator.`));
  const groupAccess = isObject(user.group_ids) ? Object.keys(user.group_ids).length : 0;
  const groups = isObject(user.groups) ? Object.keys(user.groups) : [];
  if (agent && groupAccess === 0 && groups.length === 0)
    checks.push(
      warn(
        'groups',
        `${user.login} has access to no group: every ticket search comes back empty.`,
        'In Zammad: Admin → Users → this user → Group access: grant the groups the assistant should see.',
      ),
    );
  // A customer's groups say nothing about what an agent token would reach.
  if (agent) checks.push(await checkScope(config, zammad, groups, signal));
  return {
    checks,
    identity: { login: user.login, name, roles, admin, agent },
  };
}

/** MCP_ALLOWED_GROUPS resolved against Zammad's groups (sub-groups included). */
async function checkScope(
  config: Readonly<Config>,
  zammad: ZammadClient,
  userGroups: string[],
  signal?: AbortSignal,
): Promise<Check> {
  const allowed = config.policy.allowedGroups;
  const ref = await attempt(() => zammad.reference.get(signal));
  if (!ref.ok)
    return allowed
      ? fail(
          'group scope',
          `MCP_ALLOWED_GROUPS cannot be resolved: the groups cannot be read (${ref.error.message}).`,
          'Give the token ticket.agent, which may list groups.',
        )
      : warn(
          'group scope',
          'No MCP_ALLOWED_GROUPS, and the groups cannot be read to show what is in reach.',
          'Set MCP_ALLOWED_GROUPS to the groups the assistant may see.',
        );
  const all = ref.value.groups.records;
  if (!allowed) {
    const visible = userGroups.length ? userGroups : all.map((g) => g.name);
    return warn(
      'group scope',
      `No MCP_ALLOWED_GROUPS: every group the token can see is in reach (${visible.join(', ')}).`,
      `Set MCP_ALLOWED_GROUPS to the groups the assistant needs, e.g. MCP_ALLOWED_GROUPS=${visible[0] ?? 'Support'}.`,
    );
  }
  const { ids, unknown } = expandGroups(all, allowed);
  if (unknown.length)
    return fail(
      'group scope',
      `MCP_ALLOWED_GROUPS names groups Zammad does not have: ${unknown.join(', ')}.`,
      `Use names of: ${all.map((g) => g.name).join(', ')}.`,
    );
  const names = all.filter((g) => ids.has(g.id)).map((g) => g.name);
  const outOfReach = userGroups.length ? names.filter((n) => !userGroups.includes(n)) : [];
  if (outOfReach.length)
    return warn(
      'group scope',
      `Limited to ${names.join(', ')}; the token's user has no access to ${outOfReach.join(', ')}, so those stay empty.`,
      'Grant the user access to those groups in Zammad, or leave them out of MCP_ALLOWED_GROUPS.',
    );
  return pass('group scope', `Limited to ${names.join(', ')} (sub-groups included).`);
}

/** Whether the Zammad URL is encrypted, or plain on loopback only. */
export function zammadTransport(config: Readonly<Config>): 'https' | 'loopback' | 'plain' {
  const u = new URL(config.zammad.apiUrl);
  if (u.protocol === 'https:') return 'https';
  return isLoopbackHost(u.hostname) ? 'loopback' : 'plain';
}
