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

/** Any later log line or error message containing this value has it replaced by `***`. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

/** Masks every registered secret in `text`. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join('***');
  }
  return out;
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
