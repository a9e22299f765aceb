/**
 * JSON-RPC errors that fit the mistake. The SDK (2.4.0) answers a spec method's schema-invalid
 * params (`initialize` without `protocolVersion`, `resources/read` with a number as `uri`, …) with
 * -32603 Internal error and the raw validation issues, pretty-printed, as the message
 * (typescript-sdk#2284, fix proposed upstream); for `tools/call` it says -32602 but sends the same
 * dump. Every error response a server sends passes through `fitError`: a validation dump becomes
 * one line naming the field and what was wrong, and a client's invalid params are -32602. Every
 * message goes out as one bounded line (the SDK echoes a client's tool name, newlines and all).
 * Codes other than these two, and real internal faults, keep their code.
 */
import type { JSONRPCMessage, McpServer, Transport } from '@modelcontextprotocol/server';

export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;
const MAX_MESSAGE = 500;
const MAX_ISSUES = 300;

interface Issue {
  path: Array<string | number>;
  message: string;
  code?: string;
  errors?: Issue[][];
}

function isIssue(v: unknown): v is Issue {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return Array.isArray(o.path) && typeof o.message === 'string';
}

/** The most specific issue: a union's branch with the fewest issues, recursively. */
function innermost(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || !Array.isArray(issue.errors)) return issue;
  const branches = issue.errors.filter((b) => Array.isArray(b) && b.length > 0 && b.every(isIssue));
  const first = branches.sort((a, b) => a.length - b.length)[0]?.[0];
  if (!first) return issue;
  const inner = innermost(first);
  return { ...inner, path: [...issue.path, ...inner.path] };
}

/** One issue as `path: what was wrong` (zod's "Invalid input: " prefix dropped). */
function describe(raw: Issue): string {
  const issue = innermost(raw);
  const path = issue.path.map(String).join('.');
  const what = issue.message.replace(/^Invalid input: /, '');
  return path ? `${path}: ${what}` : what;
}

/** Validation issues as one line, or undefined when `issues` is not a list of them. */
export function describeIssues(issues: unknown): string | undefined {
  if (!Array.isArray(issues) || issues.length === 0 || !issues.every(isIssue)) return undefined;
  const parts = issues.slice(0, 3).map(describe);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  const line = `${parts.join('; ')}${more}`.replace(/\s+/g, ' ');
  return line.length > MAX_ISSUES ? `${line.slice(0, MAX_ISSUES - 1)}…` : line;
}

/** A message that is, or ends in, a JSON list of validation issues: its prefix and the issues. */
function splitDump(message: string): { prefix: string; issues: Issue[] } | undefined {
  const at = message.indexOf('[');
  if (at < 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.slice(at));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(isIssue)) return undefined;
  return { prefix: message.slice(0, at).replace(/[\s:]+$/, ''), issues: parsed };
}

/** One line, within bounds: control characters (a client's tool name may hold a newline) escaped. */
function oneLine(text: string): string {
  const line = text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

/** The error response as it should go out; any other message unchanged. */
export function fitError(message: JSONRPCMessage): JSONRPCMessage {
  if (!('error' in message) || typeof message.error?.message !== 'string') return message;
  const { code, message: text } = message.error;
  const dump = code === INTERNAL_ERROR || code === INVALID_PARAMS ? splitDump(text) : undefined;
  if (!dump) {
    const line = oneLine(text);
    return line === text ? message : { ...message, error: { ...message.error, message: line } };
  }
  // Issues about the request's params are the client's mistake; any other dump stays the code it had.
  const clientsParams = dump.issues.every((i) => i.path[0] === 'params');
  const fitted = code === INVALID_PARAMS || clientsParams ? INVALID_PARAMS : code;
  const line = describeIssues(dump.issues) ?? 'invalid input';
  const prefix = dump.prefix || (fitted === INVALID_PARAMS ? 'Invalid params' : 'Internal error');
  return { ...message, error: { ...message.error, code: fitted, message: oneLine(`${prefix}: ${line}`) } };
}

/**
 * Every transport this server connects to sends its error responses through `fitError`
 * (stdio, both HTTP eras and in-process clients all `connect` the server to a transport).
 */
export function fitProtocolErrors<T extends McpServer>(server: T): T {
  const connect = server.connect.bind(server);
  server.connect = (transport: Transport): Promise<void> => {
    const send = transport.send.bind(transport);
    transport.send = (message, options) => send(fitError(message), options);
    return connect(transport);
  };
  return server;
}
