/**
 * Redis URLs of MCP_CONFIRMATION_STORE_URL: checked by the configuration, read by the spent store
 * (src/policy/redis-spent-store.ts) without loading the network modules at start-up.
 */
import { hostForHeader } from './hosts.js';

export interface RedisTarget {
  tls: boolean;
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
}

/** `redis://[[user]:password@]host[:port][/db]` or `rediss://…` (TLS); undefined when malformed. */
export function parseRedisUrl(url: string): RedisTarget | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') return undefined;
  if (!u.hostname || u.search || u.hash) return undefined;
  const dbText = u.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,2}$/.test(dbText)) return undefined;
  const port = u.port ? Number(u.port) : 6379;
  // A user needs a password (AUTH user password); a malformed escape is not a password.
  if (u.username && !u.password) return undefined;
  let username: string;
  let password: string;
  try {
    username = decodeURIComponent(u.username);
    password = decodeURIComponent(u.password);
  } catch {
    return undefined;
  }
  return {
    tls: u.protocol === 'rediss:',
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db: dbText === '' ? 0 : Number(dbText),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  };
}

/** A Redis URL without its credentials (for the posture block and errors). */
export function redisWhere(url: string): string {
  const t = parseRedisUrl(url);
  if (!t) return '(not a Redis URL)';
  return `${t.tls ? 'rediss' : 'redis'}://${hostForHeader(t.host)}:${t.port}/${t.db}`;
}
