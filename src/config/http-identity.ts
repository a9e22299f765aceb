/** The Zammad identity of each HTTP principal: a `From` mapping and/or its own token. */
import type { HttpReader } from './http-auth.js';
import { codeOf } from './reader.js';
import type { HttpConfig } from './types.js';

/** `principal:value` lines (`#` comments); problems name the line, never the value. */
function parsePairs(text: string, source: string, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    n++;
    const i = line.indexOf(':');
    const key = i > 0 ? line.slice(0, i).trim() : '';
    const value = i > 0 ? line.slice(i + 1).trim() : '';
    if (!key || !value) {
      problems.push(`${source} line ${n} is not \`principal:value\`.`);
      continue;
    }
    if (key in out) problems.push(`${source} names ${key} twice.`);
    out[key] = value;
  }
  return out;
}

export function parseIdentity({ r, need }: HttpReader): HttpConfig['identity'] {
  const identity: HttpConfig['identity'] = {};
  const actAsFile = r.str('MCP_ZAMMAD_ACT_AS_FILE');
  if (actAsFile) {
    try {
      identity.actAs = parsePairs(r.readFile(actAsFile), 'MCP_ZAMMAD_ACT_AS_FILE', r.problems);
    } catch (e) {
      need(`MCP_ZAMMAD_ACT_AS_FILE names ${actAsFile}, which cannot be read (${codeOf(e)}).`);
    }
  }
  const tokensText = r.str('MCP_ZAMMAD_TOKENS');
  if (tokensText !== undefined) identity.tokens = parsePairs(tokensText, 'MCP_ZAMMAD_TOKENS', r.problems);
  return identity;
}
