/**
 * What the server tells the observability stack, as a small facade: one span per MCP request,
 * one per tool call, one per Zammad request, and the metrics of each (src/telemetry/otel.ts, the
 * OpenTelemetry implementation, loaded with `import()` only when an OTLP endpoint is set). Off,
 * every hook is a no-op and no OpenTelemetry code is loaded.
 *
 * What may be exported is decided by the shapes below: names of methods and tools, the principal,
 * risks, outcomes, status codes, durations — never argument values, ticket text or secrets.
 */

/** One MCP request over HTTP (a JSON-RPC message or batch). */
export interface RequestInfo {
  /** `tools/call`, `tools/list`, … (`batch` for a batch). */
  method: string;
  /** The called tool (`tools/call` only). */
  tool?: string;
  requestId?: string | number;
  /** A 2025-era session (never set for 2026-07-28 requests). */
  sessionId?: string;
  protocolVersion?: string;
  principal: string;
  clientAddress?: string;
}

/** One tool call through the pipeline. */
export interface ToolCallInfo {
  tool: string;
  risk: string;
  principal: string;
}

/** What the pipeline's audit event says of a finished call (the same fields, no values). */
export interface CallOutcome {
  outcome?: unknown;
  confirmation?: unknown;
  kind?: unknown;
  quota?: unknown;
}

/** One attempt of a Zammad request. `path` is the request's path as sent; only its shape is exported. */
export interface UpstreamEvent {
  method: string;
  path: string;
  status: number | undefined;
  ms: number;
  attempt: number;
}

export interface Telemetry {
  readonly enabled: boolean;
  /** Runs one MCP request; `done` reports its HTTP status. */
  request<T>(info: RequestInfo, fn: (done: (status: number) => void) => Promise<T>): Promise<T>;
  /** Runs one tool call; `outcome` is called with the call's audit event. */
  toolCall<T>(info: ToolCallInfo, fn: (outcome: (e: CallOutcome) => void) => Promise<T>): Promise<T>;
  /** A Zammad request attempt ended (a child of the tool call in progress, if any). */
  upstream(e: UpstreamEvent): void;
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

export const NO_TELEMETRY: Telemetry = {
  enabled: false,
  request: (_i, fn) => fn(() => undefined),
  toolCall: (_i, fn) => fn(() => undefined),
  upstream: () => undefined,
  shutdown: () => Promise.resolve(),
};

/**
 * The shape of a Zammad path, for export: the query dropped (search text lives there), every
 * segment that is not a plain lower-case word replaced by `{id}` (ids, numbers, logins).
 */
export function pathTemplate(path: string): string {
  const bare = path.split('?')[0] ?? '';
  return bare
    .split('/')
    .map((seg) => (seg === '' || /^[a-z_]{1,40}$/.test(seg) ? seg : '{id}'))
    .join('/');
}
