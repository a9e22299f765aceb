/**
 * The transport's own refusals: JSON-RPC error bodies (what MCP clients show), with the HTTP status
 * and headers that say why. Nothing in them echoes a credential.
 */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

export function refusal(
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code = -32000,
): Response {
  return jsonResponse(status, { jsonrpc: '2.0', id: null, error: { code, message } }, headers);
}

/** RFC 6750 quoted-string: printable ASCII without quotes or backslashes (a header must stay valid). */
export function quoted(v: string): string {
  return `"${v.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, '')}"`;
}

export function bearerChallenge(p: {
  error?: string;
  description?: string;
  scopes?: readonly string[];
  resourceMetadata: string;
}): string {
  const parts = ['Bearer realm="zammad-mcp"'];
  if (p.error) parts.push(`error=${quoted(p.error)}`);
  if (p.description) parts.push(`error_description=${quoted(p.description)}`);
  if (p.scopes?.length) parts.push(`scope=${quoted(p.scopes.join(' '))}`);
  parts.push(`resource_metadata=${quoted(p.resourceMetadata)}`);
  return parts.join(', ');
}
