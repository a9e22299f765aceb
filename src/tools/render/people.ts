/**
 * Names of people and organizations from Zammad's assets: "Samuel Doe <samuel@example.com>".
 */
import type { Assets } from '../../zammad/schemas.js';

interface UserLike {
  firstname?: unknown;
  lastname?: unknown;
  email?: unknown;
  login?: unknown;
}

export function personName(u: UserLike | undefined): string | undefined {
  if (!u) return undefined;
  const name = [u.firstname, u.lastname].filter((x) => typeof x === 'string' && x.trim()).join(' ');
  const email = typeof u.email === 'string' && u.email ? u.email : typeof u.login === 'string' ? u.login : '';
  if (name && email) return `${name} <${email}>`;
  return name || email || undefined;
}

/** Short form for lists: the name, else the email/login. */
export function personShort(u: UserLike | undefined): string | undefined {
  if (!u) return undefined;
  const name = [u.firstname, u.lastname].filter((x) => typeof x === 'string' && x.trim()).join(' ');
  return (
    name || (typeof u.email === 'string' && u.email) || (typeof u.login === 'string' ? u.login : undefined)
  );
}

export function assetUser(assets: Assets, id: number | null | undefined): UserLike | undefined {
  if (id === null || id === undefined || id === 1) return undefined; // 1 is Zammad's system user "-"
  return assets.User?.[String(id)] as UserLike | undefined;
}

export function assetOrgName(assets: Assets, id: number | null | undefined): string | undefined {
  if (id === null || id === undefined) return undefined;
  const o = assets.Organization?.[String(id)] as { name?: unknown } | undefined;
  return typeof o?.name === 'string' ? o.name : undefined;
}
