/** Where MCP is served, and the OAuth protected-resource metadata document (RFC 9728). */
import { ALL_SCOPES } from '../../auth/scopes.js';
import type { HttpContext } from './exchange.js';

export const MCP_PATH = '/mcp';
export const PRM_ROOT = '/.well-known/oauth-protected-resource';

export function prmDocument(c: HttpContext): Record<string, unknown> {
  return {
    resource: c.site.resourceUrl,
    ...(c.cfg.auth.jwt ? { authorization_servers: [c.cfg.auth.jwt.issuer] } : {}),
    scopes_supported: ALL_SCOPES,
    bearer_methods_supported: ['header'],
    resource_name: 'Zammad MCP server',
  };
}
