/**
 * Authentication and permissions, after authenticates.rb / has_user.rb: Basic, then
 * Token (`Token token=`, `Token`, `Bearer` as a personal token), then OAuth2 Bearer;
 * `From` impersonation; role permissions intersected with the token's list.
 */
import { HttpError } from './errors.js';
import type { SandboxStore } from './store.js';
import type { TokenRecord, UserRecord } from './types.js';

export type Principal = {
  /** The user the request acts as (after `From`). */
  user: UserRecord;
  /** The authenticated user. */
  realUser: UserRecord;
  /** The personal token used, if any: its permission list limits the roles. */
  token: TokenRecord | null;
  authType: 'basic_auth' | 'token_auth' | 'oauth';
};

export const LOGIN_FAILED =
  'Login failed. Have you double-checked your credentials and completed the email verification step?';

/** Zammad's `permissions?`: a granted parent (`admin`) covers its children (`admin.user`); `x.*` asks for any child. */
export function grants(granted: readonly string[], query: string): boolean {
  if (query.endsWith('.*')) {
    const base = query.slice(0, -2);
    return granted.some((g) => g === base || g.startsWith(`${base}.`));
  }
  return granted.some(
    (g) => g === query || query.startsWith(`${g}.`) || (g.endsWith('.*') && query.startsWith(g.slice(0, -1))),
  );
}

export function rolePermissions(store: SandboxStore, user: UserRecord): string[] {
  const roleIds = store.userExtras.get(user.id)?.role_ids ?? [];
  return roleIds.flatMap((id) =>
    store.roles.get(id)?.active === false ? [] : (store.rolePermissions.get(id) ?? []),
  );
}

/** Role permission of the user (no token): what `current_user.permissions?` answers. */
export function userHas(store: SandboxStore, user: UserRecord, perm: string): boolean {
  return grants(rolePermissions(store, user), perm);
}

/** Effective permission: roles, intersected with the token's list when a personal token is used. */
export function can(store: SandboxStore, p: Principal, perm: string): boolean {
  if (!userHas(store, p.user, perm)) return false;
  return p.token === null || p.token.permissions === null || grants(p.token.permissions, perm);
}

/** Controller-level gate: any of `perms`. Role failure and token failure have different messages. */
export function requireAny(store: SandboxStore, p: Principal, perms: readonly string[]): void {
  if (!perms.some((perm) => userHas(store, p.user, perm)))
    throw new HttpError(403, 'User authorization failed.');
  if (!perms.some((perm) => can(store, p, perm))) throw new HttpError(403, 'Token authorization failed.');
}

/** Used to decide whether unexpected errors are shown raw (admins) or masked. */
export function isAdmin(store: SandboxStore, p: Principal | null): boolean {
  return p !== null && userHas(store, p.user, 'admin');
}

function parseTokenHeader(value: string): { scheme: 'token' | 'bearer'; token: string } | null {
  const m = /^(Token|Bearer)\s+(.+)$/i.exec(value.trim());
  if (!m || !m[1] || !m[2]) return null;
  const rest = m[2].trim();
  const named = /(?:^|[,\s])token="?([^",\s]+)"?/.exec(rest);
  const token = named?.[1] ?? rest.replace(/^"|"$/g, '');
  return { scheme: m[1].toLowerCase() === 'bearer' ? 'bearer' : 'token', token };
}

/** Expired by the sandbox clock or by the wall clock (tests mint tokens relative to either). */
function expired(store: SandboxStore, expiresAt: string): boolean {
  return Date.parse(expiresAt) < Math.max(store.clock.peekMs(), Date.now());
}

function active(user: UserRecord): UserRecord {
  if (!user.active) throw new HttpError(401, LOGIN_FAILED);
  return user;
}

/** Returns the principal, `null` when the request carries no credentials; throws on bad ones. */
export function authenticate(store: SandboxStore, headers: Record<string, string>): Principal | null {
  const header = headers['authorization'] ?? '';
  let principal: Principal | null = null;

  const basic = /^Basic\s+(.+)$/i.exec(header.trim());
  if (basic?.[1]) {
    if (!store.settings.api_password_access) throw new HttpError(403, 'API password access disabled!');
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    const login = sep < 0 ? decoded : decoded.slice(0, sep);
    const password = sep < 0 ? '' : decoded.slice(sep + 1);
    const user = login === '' ? undefined : store.userByLogin(login);
    const extra = user ? store.userExtras.get(user.id) : undefined;
    if (!user || !extra || extra.password === '' || extra.password !== password)
      throw new HttpError(401, 'Invalid BasicAuth credentials');
    if (extra.two_factor)
      throw new HttpError(401, 'Two-factor authentication is not supported with HTTP BasicAuth.');
    principal = { user: active(user), realUser: user, token: null, authType: 'basic_auth' };
  } else {
    const parsed = parseTokenHeader(header);
    if (parsed) {
      if (!store.settings.api_token_access) throw new HttpError(403, 'API token access disabled!');
      const api = store.tokens.find((t) => t.kind === 'api' && t.token === parsed.token);
      const apiUser = api ? store.user(api.user_id) : undefined;
      if (api && apiUser) {
        if (api.expires_at !== null && expired(store, api.expires_at))
          throw new HttpError(401, 'Not authorized (token expired)!');
        principal = { user: active(apiUser), realUser: apiUser, token: api, authType: 'token_auth' };
      } else if (parsed.scheme === 'bearer') {
        const oauth = store.tokens.find((t) => t.kind === 'oauth' && t.token === parsed.token);
        const oauthUser = oauth ? store.user(oauth.user_id) : undefined;
        if (!oauth || !oauthUser) throw new HttpError(401, 'The provided token is invalid.');
        if (oauth.expires_at !== null && expired(store, oauth.expires_at))
          throw new HttpError(401, 'OAuth2 token is expired!');
        principal = { user: active(oauthUser), realUser: oauthUser, token: null, authType: 'oauth' };
      } else {
        throw new HttpError(401, "Can't find User for Token");
      }
    }
  }
  if (!principal) return null;
  return impersonate(store, principal, headers);
}

function impersonate(store: SandboxStore, p: Principal, headers: Record<string, string>): Principal {
  const legacy = headers['x-on-behalf-of'];
  if (legacy !== undefined && legacy !== '' && store.settings.version === '6.5') {
    // zammad-api-client-php#127: the deprecation warning raises on 6.5.
    throw new HttpError(500, "private method 'warn' called for class ActiveSupport::Deprecation", 'masked');
  }
  const from = headers['from'] ?? legacy;
  if (from === undefined || from.trim() === '') return p;
  if (!userHas(store, p.realUser, 'admin.user'))
    throw new HttpError(403, "Current user has no permission to use 'From'/'X-On-Behalf-Of'!");
  const id = from.toLowerCase().trim();
  let target: UserRecord | undefined;
  if (/^\d+$/.test(id)) target = store.user(Number(id));
  if (!target) {
    for (const u of store.users.values()) {
      if (u.login.toLowerCase() === id || (u.email !== '' && u.email.toLowerCase() === id)) {
        target = u;
        break;
      }
    }
  }
  if (!target) throw new HttpError(403, `No such user '${from}'`);
  return { ...p, user: target };
}
