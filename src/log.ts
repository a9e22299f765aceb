/**
 * The one logger. JSON lines on stderr: stdout is the MCP channel on stdio.
 * Secrets registered with `registerSecret` are masked in every line, wherever they appear.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LogSink {
  write(line: string): void;
}

const secrets = new Set<string>();

/** A secret this long is masked wherever its first PREFIX characters appear (a cut-off copy). */
const PREFIX = 8;

/** Any later log line or error message containing this value, in any case or cut short, has it replaced by `***`. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

/** Basic authentication: the password, and the header value `base64(user:password)` it travels in. */
export function registerBasicAuth(user: string, password: string): void {
  registerSecret(password);
  registerSecret(Buffer.from(`${user}:${password}`).toString('base64'));
}

/** ASCII lower case: keeps every index where it was (String#toLowerCase may not, e.g. for "İ"). */
const lowerAscii = (s: string): string =>
  s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

/** Where `secret` (or, for a long one, a prefix of at least PREFIX characters) starts and ends in `lower`. */
function spans(lower: string, secret: string): Array<[number, number]> {
  const s = lowerAscii(secret);
  const probe = s.length >= PREFIX ? s.slice(0, PREFIX) : s;
  const out: Array<[number, number]> = [];
  for (let i = lower.indexOf(probe); i !== -1; i = lower.indexOf(probe, i + 1)) {
    let end = i + probe.length;
    while (end - i < s.length && lower[end] === s[end - i]) end++;
    out.push([i, end]);
    i = end - 1;
  }
  return out;
}

/** Masks every registered secret in `text`: exact, in another case, or cut short (a long enough prefix). */
export function redact(text: string): string {
  if (secrets.size === 0) return text;
  const lower = lowerAscii(text);
  let found: Array<[number, number]> = [];
  for (const s of secrets) found = found.concat(spans(lower, s));
  if (found.length === 0) return text;
  found.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of found) {
    if (end <= at) continue;
    out += `${text.slice(at, Math.max(at, start))}***`;
    at = end;
  }
  return out + text.slice(at);
}

const SECRET_KEY = /pass(word)?|secret|token|api[_-]?key|authorization|credential|cookie/i;

function scrub(value: unknown, depth: number): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '***' : scrub(v, depth + 1);
    return out;
  }
  return value;
}

class JsonLogger implements Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly min: number,
    private readonly base: Record<string, unknown>,
  ) {}

  private emit(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    if (ORDER[level] < this.min) return;
    const rec = scrub({ ...this.base, ...fields }, 0) as Record<string, unknown>;
    this.sink.write(JSON.stringify({ ts: new Date().toISOString(), level, msg: redact(msg), ...rec }) + '\n');
  }
  debug(msg: string, fields?: Record<string, unknown>): void {
    this.emit('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.emit('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.emit('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.emit('error', msg, fields);
  }
  child(fields: Record<string, unknown>): Logger {
    return new JsonLogger(this.sink, this.min, { ...this.base, ...fields });
  }
}

export function createLogger(level: LogLevel = 'info', sink: LogSink = process.stderr): Logger {
  return new JsonLogger(sink, ORDER[level], {});
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = createLogger('error', { write: () => undefined });
